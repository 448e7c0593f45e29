"""The reply to "Mohon tulis nomor laporan Anda" is read as the number first (probe of
2026-12-03: "lpr 2026 123" opened a new complaint form, "LPR2026000123" got "not
understood", "nomornya 2026-000123" was taken for a rating and the number asked again)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.services import ticket_reply
from app.services.transcripts import get_or_create_conversation, log_message

ASK_TICKET = "Mohon tulis nomor laporan Anda, contohnya LPR-2026-000123."
NOT_FOUND = (
    "Laporan dengan nomor LPR-2026-000999 tidak kami temukan. Mohon periksa lagi nomornya,"
    " contohnya\nLPR-2026-000123."
)


def asked(session: Session, user: str, question: str) -> str:
    conv = get_or_create_conversation(session, "whatsapp", user)
    log_message(session, conv.id, "out", "bot", question)
    session.commit()
    return conv.id


def ticket_of(intent: str | None) -> str:
    assert intent is not None and intent.startswith("/check_complaint_status{")
    return str(json.loads(intent[len("/check_complaint_status") :])["ticket_code"])


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("lpr 2026 123", "LPR-2026-000123"),
        ("LPR2026000123", "LPR-2026-000123"),
        ("nomornya 2026-000123", "LPR-2026-000123"),
        ("ini pak 2026 45", "LPR-2026-000045"),
        ("2026000123", "LPR-2026-000123"),
        ("lpr-2026-000123 7890", "LPR-2026-000123 7890"),  # with the phone's last 4 digits
    ],
)
def test_a_number_typed_any_way_is_the_status_check(engine: Engine, typed: str, code: str) -> None:
    with Session(engine) as session:
        conv = asked(session, f"t-{typed}", ASK_TICKET)
        assert ticket_of(ticket_reply.status_intent(session, conv, typed)) == code


def test_after_a_number_not_found_the_next_one_is_read_too(engine: Engine) -> None:
    with Session(engine) as session:
        conv = asked(session, "t-again", NOT_FOUND)
        assert ticket_of(ticket_reply.status_intent(session, conv, "lpr 2026 124")) == (
            "LPR-2026-000124"
        )


@pytest.mark.parametrize(
    "typed",
    [
        "lupa nomornya",  # no number: the forgotten-number answer or the assistant
        "tanggal 12 desember 2026",  # a date is no number of a report
        "saya mau lapor jalan rusak lagi di jalan melati nomor 2026 dekat masjid",  # a sentence
    ],
)
def test_other_replies_go_to_the_assistant(engine: Engine, typed: str) -> None:
    with Session(engine) as session:
        conv = asked(session, f"o-{typed[:20]}", ASK_TICKET)
        assert ticket_reply.status_intent(session, conv, typed) is None


def test_only_right_after_the_question(engine: Engine) -> None:
    with Session(engine) as session:
        conv = asked(session, "t-other", "Di mana lokasinya?")
        assert ticket_reply.status_intent(session, conv, "lpr 2026 123") is None
