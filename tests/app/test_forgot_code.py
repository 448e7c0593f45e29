"""'Lupa nomornya' right after the assistant asked for a tracking number or a booking code:
the citizen's own complaints or bookings as buttons, or where the number is written and an
officer (probe of 2026-12-03: 'lupa nomornya' got the NIB answer, 'lupa kodenya' the code's
format again)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.models import Booking
from app.models.base import utcnow
from app.services import forgot_code
from app.services.complaints import ComplaintDraft, PlaceInfo, create_complaint
from app.services.facilities import load_catalogue
from app.services.transcripts import get_or_create_conversation, log_message

ASK_TICKET = "Mohon tulis nomor laporan Anda, contohnya LPR-2026-000123."
ASK_BOOKING = "Berapa kode pemesanannya? Kodenya diawali BK-, contohnya BK-7K3M9Q."


def asked(session: Session, user: str, question: str) -> str:
    conv = get_or_create_conversation(session, "telegram", user)
    log_message(session, conv.id, "out", "bot", question)
    session.commit()
    return conv.id


def test_the_citizens_own_complaints_offered(engine: Engine) -> None:
    with Session(engine) as session:
        conv = asked(session, "501", ASK_TICKET)
        draft = ComplaintDraft(
            category="lampu_jalan",
            description="lampu jalan mati",
            place=PlaceInfo(address="Jl. Kenari", kelurahan="Sukamaju"),
            reporter_conversation_id=conv,
        )
        code = create_complaint(session, draft, secret_key="k").ticket_code
        [reply] = forgot_code.answer(session, conv, "lupa nomornya") or []
    assert reply.buttons[0].title.startswith(code) and "Lampu" in reply.buttons[0].title
    assert reply.buttons[0].payload == f'/check_complaint_status{{"ticket_code": "{code}"}}'
    assert reply.buttons[-1].payload == "/request_human"


def test_none_filed_here_says_where_the_number_is(engine: Engine) -> None:
    with Session(engine) as session:
        conv = asked(session, "502", ASK_TICKET)
        [reply] = forgot_code.answer(session, conv, "waduh ga inget") or []
    assert "pesan konfirmasi" in reply.text and "LPR-" in reply.text
    assert [b.payload for b in reply.buttons] == ["/request_human"]


def test_upcoming_bookings_offered_by_code(engine: Engine) -> None:
    facility = load_catalogue().facilities[0]
    with Session(engine) as session:
        conv = asked(session, "503", ASK_BOOKING)
        start = utcnow() + timedelta(days=2)
        for code, at in (("BK-AAAAAA", start), ("BK-BBBBBB", utcnow() - timedelta(days=1))):
            session.add(
                Booking(
                    code=code,
                    facility_id=facility.id,
                    start_at=at,
                    end_at=at + timedelta(hours=1),
                    people=4,
                    name="Budi",
                    phone="081234567890",
                    owner_id=conv,
                )
            )
        session.commit()
        [reply] = forgot_code.answer(session, conv, "kodenya hilang") or []
    assert [b.payload for b in reply.buttons] == ["BK-AAAAAA", "/request_human"]  # not the past
    assert facility.name in reply.buttons[0].title


def test_only_right_after_the_question(engine: Engine) -> None:
    with Session(engine) as session:
        conv = asked(session, "504", "Ada lagi yang bisa saya bantu?")
        assert forgot_code.answer(session, conv, "lupa nomornya") is None
        conv = asked(session, "505", ASK_TICKET)
        assert forgot_code.answer(session, conv, "LPR-2026-000123") is None
        assert forgot_code.answer(session, conv, "mau lapor jalan rusak aja") is None
