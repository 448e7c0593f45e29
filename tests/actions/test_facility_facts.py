"""Questions about a facility outside a booking are answered from the catalogue (probe of
2026-12-03: "berapa sewa aula kecamatan?" started a booking without an answer, "lapangan
tenis buka jam berapa" asked which court to book, "ruang rapat perpustakaan muat berapa
orang" listed free times, "gor bisa dipake buat badminton ga?" got fire-brigade topics)."""

from __future__ import annotations

import pytest

from actions import booking as act
from actions.booking.facts import facility_facts, hours_said
from app.services.facilities import load_catalogue
from tests.actions.booking_helpers import pinned_clock, run, tracker  # noqa: F401

CATALOGUE = load_catalogue()


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("berapa sewa aula kecamatan?", ["Biaya Aula Kecamatan Sukamaju: gratis."]),
        ("lapangan futsal bayar ga?", ["Rp75.000 per jam"]),
        ("lapangan tenis buka jam berapa", ["Tenis A", "Tenis B", "setiap hari 06.00-22.00"]),
        ("ruang rapat perpustakaan muat berapa orang", ["12 orang", "30 orang"]),
        ("aula kecamatan dimana ya", ["Jl. Mawar No. 3"]),
        ("gor bisa dipake buat badminton ga?", ["Jl. Pemuda", "200 orang", "Rp250.000"]),
    ],
)
def test_the_fact_asked_is_said(question: str, said: list[str]) -> None:
    facts = facility_facts(question, CATALOGUE)
    assert facts is not None
    assert all(part in facts["text"] for part in said)
    payloads = [b["payload"] for b in facts["buttons"]]
    assert payloads[0].startswith("/check_availability{") and payloads[1].startswith(
        "/book_facility{"
    )


@pytest.mark.parametrize(
    "text",
    [
        "bisa pinjem ruang melati lusa gak",  # a wish to book
        "ada lapangan tenis kosong sabtu pagi?",  # free times
        "berapa biaya bikin ktp?",  # no facility
        "mau pesan aula",
    ],
)
def test_no_facts_for_other_messages(text: str) -> None:
    assert facility_facts(text, CATALOGUE) is None


def test_hours_as_said_aloud() -> None:
    melati = CATALOGUE.get("perpus-rapat-1")
    assert melati is not None
    assert hours_said(melati) == "Senin-Jumat 08.00-20.00, Sabtu 09.00-16.00, Minggu tutup"


async def test_availability_action_answers_the_question_instead_of_listing_times() -> None:
    trk = tracker(
        "lapangan tenis buka jam berapa", intent="check_availability", loop=None, requested=None
    )
    msgs, _ = await run(act.ActionCheckAvailability(), trk)
    assert len(msgs) == 1 and "setiap hari 06.00-22.00" in msgs[0]["text"]


@pytest.mark.usefixtures("engine")
@pytest.mark.parametrize(
    ("action", "intent"),
    [("ActionAnswerFollowup", "ask_followup"), ("ActionAnswerFaq", "faq")],
)
async def test_inquiry_actions_answer_a_facility_question(action: str, intent: str) -> None:
    # probe: "lapangan tenis buka jam berapa" (ask_followup 0.42) got the offices' hours
    from actions import inquiry
    from tests.actions.test_inquiry import in_context, parse, run_events

    message = parse("lapangan tenis buka jam berapa", intent=intent, conf=0.42)
    msgs, _ = await run_events(getattr(inquiry, action)(), in_context(message, None))
    assert len(msgs) == 1 and "Lapangan Tenis A" in msgs[0]["text"]
    assert "06.00-22.00" in msgs[0]["text"]
