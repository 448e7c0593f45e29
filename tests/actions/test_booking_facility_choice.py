"""A choice of facilities answered with something else (probe c1): "2 jam" to "Lapangan Tenis
A or B?" is the length, the same two courts come again; a third miss takes the first court
free at that time (an officer only offered), "yang mana aja" too."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions import booking as act
from tests.actions.booking_helpers import (
    pinned_clock,  # noqa: F401 (the autouse clock)
    run,
    tracker,
)

TENNIS = ["Lapangan Tenis A (Taman Kota)", "Lapangan Tenis B (Taman Kota)"]
SAID = {"booking_date": "2026-11-29", "booking_time": "07:00"}  # "hari minggu jam 7 pagi"


def at_choice(text: str, slots: dict | None = None) -> Tracker:
    trk = tracker(text, {**SAID, **(slots or {})}, requested="booking_facility")
    trk.events = [
        {
            "event": "bot",
            "text": "Ada beberapa pilihan. Yang mana yang Anda maksud?",
            "data": {"buttons": [{"title": t, "payload": t} for t in TENNIS]},
        },
        {"event": "user", "text": text},
    ]
    return trk


async def test_a_length_said_at_the_choice_is_kept_and_the_same_choice_comes_again():
    msgs, after = await run(act.ValidateBookingForm(), at_choice("2 jam"))
    assert after["booking_duration"] == "120"  # kept as the length
    assert after["booking_facility"] is None
    assert "form_attempts" not in after  # an answer given ahead is no failed answer
    last = msgs[-1]
    assert [b["title"] for b in last["buttons"]] == TENNIS  # only the two courts
    assert "yang mana saja" in last["text"] and "tidak ada dalam daftar" not in last["text"]
    assert len(msgs) == 1


async def test_a_third_miss_takes_the_first_free_court_and_only_offers_an_officer():
    slots = {"booking_duration": "120", "form_attempts": "booking_facility:1"}
    msgs, after = await run(act.ValidateBookingForm(), at_choice("Budi", slots))
    assert after["booking_facility"] == "tenis-a"
    assert after.get("handoff_reason") is None  # not handed over
    assert after["booking_duration"] == "120" if "booking_duration" in after else True
    text = " ".join(m.get("text") or "" for m in msgs)
    assert "Lapangan Tenis A (Taman Kota)" in text and "petugas" in text


async def test_whichever_takes_the_first_free_court():
    for said in ("yang mana aja", "terserah"):
        msgs, after = await run(act.ValidateBookingForm(), at_choice(said))
        assert after["booking_facility"] == "tenis-a"
        assert "Lapangan Tenis A (Taman Kota)" in msgs[0]["text"]


async def test_an_unknown_facility_without_a_choice_still_lists_them_all():
    trk = tracker("kolam renang", SAID, requested="booking_facility")
    msgs, after = await run(act.ValidateBookingForm(), trk)
    assert after["booking_facility"] is None
    assert msgs[-1]["response"] == "utter_booking_err_facility_unknown"
    assert len(msgs[-1]["buttons"]) > len(TENNIS)


async def test_the_court_taken_at_that_time_is_passed_over(engine):
    from datetime import date, time

    from app.services import bookings as svc
    from app.services.dates_id import local
    from tests.actions.booking_helpers import NOW
    from tests.booking_writes import FACILITIES, committed

    sunday_7 = local(date(2026, 11, 29), time(7))
    committed(
        engine, svc.book, FACILITIES, facility_id="tenis-a", start=sunday_7, minutes=120,
        people=2, name="A", phone="081200000007", owner_id="web:other", now=NOW,
    )  # fmt: skip
    slots = {"booking_duration": "120"}
    msgs, after = await run(act.ValidateBookingForm(), at_choice("yang mana aja", slots))
    assert after["booking_facility"] == "tenis-b"
    assert "Lapangan Tenis B (Taman Kota)" in msgs[0]["text"]
