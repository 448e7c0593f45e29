"""A number or an ordinal at a choice of facilities reads among the facilities offered."""

from __future__ import annotations

from actions import booking as act
from tests.actions import booking_helpers as bh
from tests.actions.booking_helpers import pinned_clock  # noqa: F401 (the autouse clock)

COURTS = ["Lapangan Tenis B (Taman Kota)", "Lapangan Tenis A (Taman Kota)"]  # as shown


def at_the_choice(text: str):
    slots = {"booking_date": "2026-11-28", "booking_time": "08:00", "booking_duration": "120"}
    trk = bh.tracker(text, slots, requested="booking_facility")
    buttons = [{"title": n, "payload": n} for n in COURTS]
    trk.events = [
        {"event": "bot", "text": "Yang mana?", "data": {"buttons": buttons}, "metadata": {}},
        {"event": "user", "text": text},
    ]
    return bh.run(act.ValidateBookingForm(), trk)


async def test_a_number_beyond_the_offered_choices_is_no_choice() -> None:
    # probe: "4" (the group size, said early) to "Tenis A or B?" booked the catalogue's
    # fourth facility without a word
    msgs, slots = await at_the_choice("4")
    assert slots["booking_facility"] is None
    assert [b["title"] for b in msgs[-1]["buttons"]] == COURTS


async def test_an_ordinal_counts_the_buttons_as_shown() -> None:
    _, slots = await at_the_choice("yang kedua")
    assert slots["booking_facility"] == "tenis-a"
    _, slots = await at_the_choice("1")
    assert slots["booking_facility"] == "tenis-b"


async def test_a_yes_to_which_one_takes_the_first_free_and_says_so() -> None:
    # probe: "ya" to "Ruang Rapat Melati or Kenanga?" was asked again and again
    msgs, slots = await at_the_choice("ya")
    assert slots["booking_facility"] in ("tenis-a", "tenis-b")
    assert "saya pilihkan" in msgs[0]["text"].lower()


async def test_a_correction_between_unclear_answers_does_not_restart_the_count() -> None:
    """Asked 'which one?' twice, the resident changes the time instead: the time is taken and
    the count of unclear answers to 'which one?' goes on, so the next unclear answer takes
    the first free one instead of asking a fourth time."""
    slots = {
        "booking_date": "2026-11-28",
        "booking_time": "08:00",
        "booking_duration": "120",
        "form_attempts": "booking_facility:1",
    }
    trk = bh.tracker("eh bisa diundur jadi jam 1 siang ga", slots, requested="booking_facility")
    buttons = [{"title": n, "payload": n} for n in COURTS]
    trk.events = [
        {"event": "bot", "text": "Yang mana?", "data": {"buttons": buttons}, "metadata": {}},
        {"event": "user", "text": "eh bisa diundur jadi jam 1 siang ga"},
    ]
    _, after = await bh.run(act.ValidateBookingForm(), trk)
    assert after["booking_time"] == "13:00"
    assert "form_attempts" not in after  # kept: "booking_facility:1"
