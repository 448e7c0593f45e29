"""A booking said loosely and changed midway: "nggak jadi futsal, tenis b aja", "terserah" to
a choice of facilities, "sampai jam 10 malam" for how long, "sepuluhan orang"."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions import booking as act
from tests.actions.booking_helpers import (
    pinned_clock,  # noqa: F401 (the autouse clock)
    run,
    tracker,
)

TENNIS = ["Lapangan Tenis A (Taman Kota)", "Lapangan Tenis B (Taman Kota)"]


async def test_a_change_of_facility_is_no_cancel():
    slots = {"booking_facility": "futsal", "booking_date": "2026-11-28"}
    trk = tracker("eh ga jadi futsal deh, tenis b aja", slots, requested="booking_time")
    _, after = await run(act.ValidateBookingForm(), trk)
    assert after["booking_facility"] == "tenis-b"
    assert after.get("booking_confirm") != "batal"
    assert after.get("booking_time") is None  # not read as the time ("jamnya belum saya pahami")
    # a plain "nggak jadi" still stops the form
    _, after = await run(
        act.ValidateBookingForm(), tracker("nggak jadi deh", slots, requested="booking_time")
    )
    assert after.get("booking_facility", "futsal") == "futsal"
    assert after.get("requested_slot", "x") is None


def offered(text: str, titles: list[str]) -> Tracker:
    trk = tracker(text, requested="booking_facility")
    trk.events = [
        {
            "event": "bot",
            "text": "Yang mana?",
            "data": {"buttons": [{"title": t, "payload": t} for t in titles]},
        },
        {"event": "user", "text": text},
    ]
    return trk


async def test_whatever_to_a_choice_of_facilities_takes_the_first_offered():
    for said in ("terserah", "yg kosong aja"):
        msgs, after = await run(act.ValidateBookingForm(), offered(said, TENNIS))
        assert after["booking_facility"] == "tenis-a"
        assert "Lapangan Tenis A (Taman Kota)" in msgs[0]["text"]
    msgs, after = await run(act.ValidateBookingForm(), offered("terserah", []))
    assert after["booking_facility"] is None  # nothing offered: the list comes, as before


async def test_a_part_of_the_day_said_with_the_day_is_kept():
    trk = tracker("besok sore aja", {"booking_facility": "tenis-b"}, requested="booking_date")
    _, after = await run(act.ValidateBookingForm(), trk)
    assert after["booking_date"] and after["booking_period"] == "sore"


async def test_an_end_time_for_how_long_counts_from_the_start():
    slots = {"booking_facility": "futsal", "booking_date": "2026-11-28", "booking_time": "20:00"}
    for said, minutes in (("sampe jam 10 malem", "120"), ("sampai jam 9 malam", "60")):
        _, after = await run(
            act.ValidateBookingForm(), tracker(said, slots, requested="booking_duration")
        )
        assert after["booking_duration"] == minutes


async def test_a_round_number_said_roughly():
    slots = {
        "booking_facility": "futsal",
        "booking_date": "2026-11-28",
        "booking_time": "20:00",
        "booking_duration": "60",
    }
    _, after = await run(
        act.ValidateBookingForm(), tracker("sepuluhan orang lah", slots, requested="booking_people")
    )
    assert after["booking_people"] == "10"


async def test_the_hour_corrected_at_the_people_question():
    # bench g-20: "jam 7 pagi bukan jam 6" was read as 7 people ("hanya muat 4 orang")
    slots = {
        "booking_facility": "tenis-b",
        "booking_date": "2026-11-28",
        "booking_time": "06:00",
        "booking_duration": "60",
    }
    text = "eh tadi jamnya salah, jam 7 pagi bukan jam 6"
    msgs, after = await run(
        act.ValidateBookingForm(), tracker(text, slots, requested="booking_people")
    )
    assert after["booking_time"] == "07:00"
    assert "booking_people" not in after
    assert "utter_booking_err_over_capacity" not in [m.get("response") for m in msgs]
    _, after = await run(
        act.ValidateBookingForm(), tracker("3 orang", slots, requested="booking_people")
    )
    assert after["booking_people"] == "3"


async def test_a_tapped_time_is_the_time_shown():
    # full bench g-13, g-17: after "malam jam 9" was refused, the tapped [10.00] ("jam 10.00")
    # was moved to the evening (22.00) and refused as outside the opening hours
    slots = {"booking_facility": "futsal", "booking_date": "2026-11-28", "booking_period": "malam"}
    trk = tracker("jam 10.00", slots, requested="booking_time")
    shown = [{"title": t, "payload": f"jam {t}"} for t in ("10.00", "11.00")]
    trk.events = [
        {"event": "bot", "text": "Jam yang masih kosong:", "data": {"buttons": shown}},
        {"event": "user", "text": "jam 10.00"},
    ]
    _, after = await run(act.ValidateBookingForm(), trk)
    assert after["booking_time"] == "10:00"
    typed = tracker("jam 10", slots, requested="booking_time")  # typed: the evening said
    _, after = await run(act.ValidateBookingForm(), typed)
    assert after["booking_time"] == "22:00" or after.get("booking_time") is None


async def test_people_said_to_how_long_are_the_people_not_hours():
    # probe 2026-12-03: "2 orang" to "Berapa lama?" booked 2 hours and the people's question
    # came next, where the citizen, having answered, gave the name and was handed over
    slots = {"booking_facility": "tenis-b", "booking_date": "2026-12-08", "booking_time": "16:00"}
    _, after = await run(
        act.ValidateBookingForm(), tracker("2 orang", slots, requested="booking_duration")
    )
    assert after.get("booking_duration") is None
    assert after["booking_people"] == "2"
    _, after = await run(
        act.ValidateBookingForm(),
        tracker("2 jam buat 4 orang", slots, requested="booking_duration"),
    )
    assert (after["booking_duration"], after["booking_people"]) == ("120", "4")
