"""Booking with a real SQLite database and a pinned clock (Monday 23 November 2026, 10.00
WIB): availability and taken or full days, commit (won and lost races), cancel by code,
reschedule."""

from __future__ import annotations

import json
from datetime import date, time

from actions import booking as act
from actions.booking.asking import ActionAskBookingTime
from app.services import bookings as svc
from app.services.dates_id import local
from tests.actions.booking_helpers import (
    FULL,
    NOW,
    SAT,
    pinned_clock,  # noqa: F401 (the autouse clock)
    responses,
    run,
    tracker,
)
from tests.booking_writes import FACILITIES, committed


async def test_taken_time_offers_free_times_as_buttons(engine):
    committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-a",
        start=local(SAT, time(8)),
        minutes=60,
        people=2,
        name="A",
        phone="0812",
        owner_id="web:other",
        now=NOW,
    )
    msgs, slots = await run(
        act.ValidateBookingForm(),
        tracker(
            "jam 8 pagi",
            {"booking_facility": "tenis-a", "booking_date": "2026-11-28"},
            requested="booking_time",
        ),
    )
    assert responses(msgs) == ["utter_booking_err_slot_busy"]
    titles = [b["title"] for b in msgs[0]["buttons"]]
    assert "08.00" not in titles and "09.00" in titles
    assert slots["booking_time"] is None


async def test_availability_saturday_morning(engine):
    committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-b",
        start=local(SAT, time(7)),
        minutes=120,
        people=2,
        name="A",
        phone="0812",
        owner_id="web:other",
        now=NOW,
    )
    msgs, _ = await run(
        act.ActionCheckAvailability(),
        tracker("ada lapangan tenis kosong sabtu pagi?", intent="check_availability", loop=None),
    )
    assert responses(msgs) == ["utter_booking_availability"] * 2
    a, b = (
        [
            json.loads(x["payload"].removeprefix("/book_facility"))["booking_slot"]
            for x in m["buttons"]
        ]
        for m in msgs
    )
    assert a == [f"tenis-a 2026-11-28 {h:02d}:00" for h in (6, 7, 8, 9, 10)]
    assert b == [f"tenis-b 2026-11-28 {h:02d}:00" for h in (6, 9, 10)]
    assert msgs[0]["date"] == "Sabtu, 28 November 2026"


async def test_commit_books_and_gives_code_and_calendar(engine):
    msgs, slots = await run(
        act.ActionBookingCommit(),
        tracker("ya", {**FULL, "booking_pending": "book"}, intent="affirm", loop=None),
    )
    assert responses(msgs) == ["utter_booking_confirmed"]
    code = msgs[0]["code"]
    assert code.startswith("BK-") and msgs[0]["ics_url"].startswith(f"/api/bookings/{code}.ics")
    assert slots["booking_facility"] is None and slots["booking_pending"] is None
    assert "booking_name" not in slots  # name and phone kept for the next booking


async def test_commit_race_lost_offers_next_free_slots(engine):
    committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-a",
        start=local(SAT, time(8)),
        minutes=60,
        people=2,
        name="A",
        phone="0812",
        owner_id="web:fast",
        now=NOW,
    )
    msgs, slots = await run(
        act.ActionBookingCommit(),
        tracker("ya", {**FULL, "booking_pending": "book"}, intent="affirm", loop=None),
    )
    assert responses(msgs) == ["utter_booking_err_slot_taken"]
    assert [b["title"] for b in msgs[0]["buttons"]] == [
        "Sabtu, 28 November 2026 09.00",
        "Sabtu, 28 November 2026 10.00",
        "Sabtu, 28 November 2026 11.00",
    ]
    assert slots["booking_time"] is None and "booking_people" not in slots


async def test_cancel_someone_elses_booking_refused(engine):
    booking = committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-a",
        start=local(SAT, time(8)),
        minutes=60,
        people=2,
        name="A",
        phone="0812",
        owner_id="web:owner",
        now=NOW,
    )
    msgs, slots = await run(
        act.ValidateCancelBookingForm(),
        tracker(
            f"batalkan {booking.code}",
            intent="cancel_booking",
            sender="web:stranger",
            loop="cancel_booking_form",
        ),
    )
    assert responses(msgs) == ["utter_booking_err_not_owner"]
    assert slots["booking_code"] is None
    msgs, slots = await run(
        act.ValidateCancelBookingForm(),
        tracker(
            f"batalkan {booking.code.lower()}",
            intent="cancel_booking",
            sender="web:owner",
            loop="cancel_booking_form",
        ),
    )
    assert msgs == [] and slots["booking_code"] == booking.code


async def test_reschedule_keeps_own_booking_out_of_the_way(engine):
    booking = committed(
        engine,
        svc.book,
        FACILITIES,
        facility_id="tenis-a",
        start=local(SAT, time(8)),
        minutes=120,
        people=2,
        name="A",
        phone="0812",
        owner_id="web:owner",
        now=NOW,
    )
    msgs, slots = await run(
        act.ValidateRescheduleBookingForm(),
        tracker(
            "jam 9 pagi",
            {"booking_code": booking.code, "booking_date": "2026-11-28"},
            requested="booking_time",
            intent="reschedule_booking",
            sender="web:owner",
            loop="reschedule_booking_form",
        ),
    )
    assert msgs == [] and slots["booking_time"] == "09:00"  # overlaps only itself
    msgs, slots = await run(
        act.ValidateRescheduleBookingForm(),
        tracker(
            "jam 9 malam",
            {"booking_code": booking.code, "booking_date": "2026-11-28"},
            requested="booking_time",
            intent="reschedule_booking",
            sender="web:owner",
            loop="reschedule_booking_form",
        ),
    )
    assert responses(msgs) == ["utter_booking_err_outside_hours"]  # 2 hours from 21.00


async def test_a_full_day_asks_for_another_day_with_buttons(engine):
    # every hour of Tuesday taken: the next answer ("rabu saja") is read as a day, not as a
    # time, and the days offered all have free times
    tuesday = date(2026, 11, 24)
    for hour in range(6, 22):
        committed(
            engine,
            svc.book,
            FACILITIES,
            facility_id="tenis-a",
            start=local(tuesday, time(hour)),
            minutes=60,
            people=2,
            name="A",
            phone=f"08120000{hour:02d}",
            owner_id=f"web:other{hour}",
            now=NOW,
        )
    trk = tracker(
        "selasa",
        {"booking_facility": "tenis-a", "booking_date": "2026-11-24"},
        requested="booking_time",
    )
    msgs, slots = await run(ActionAskBookingTime(), trk)
    assert responses(msgs) == ["utter_booking_day_full"]
    days = [b["payload"] for b in msgs[0]["buttons"]]
    assert days[0] == "2026-11-23" and "2026-11-24" not in days and len(days) == 4
    assert msgs[0]["custom"]["expects"]["slot"] == "booking_date"
    assert slots == {"booking_date": None, "requested_slot": "booking_date"}


def neighbours_book_court_a(engine, hours) -> None:
    """Tennis court A on Saturday, an hour from each of ``hours``, each booked by another
    resident (one booking each: the quota allows three future bookings per person)."""
    for hour in hours:
        committed(
            engine,
            svc.book,
            FACILITIES,
            facility_id="tenis-a",
            start=local(SAT, time(hour)),
            minutes=60,
            people=2,
            name="A",
            phone=f"08120000{hour:02d}",
            owner_id=f"web:other{hour}",
            now=NOW,
        )


async def test_a_full_day_asked_offers_the_nearest_free_day(engine):
    # bench y-20: "ad yg kosong gk" for a full day got "sudah penuh, silakan tanyakan hari
    # lain" with no buttons, and the resident went round for 25 turns
    neighbours_book_court_a(engine, range(6, 22))  # all Saturday
    msgs, _ = await run(
        act.ActionCheckAvailability(),
        tracker("tenis a sabtu pagi ada yg kosong gk", intent="check_availability", loop=None),
    )
    [full] = msgs
    assert full["response"] == "utter_booking_availability_full_next"
    assert full["date"] == "Sabtu, 28 November 2026" and full["next_date"].startswith("Minggu")
    assert full["buttons"] and "2026-11-29" in full["buttons"][0]["payload"]


async def test_a_full_part_of_the_day_offers_the_same_days_other_hours(engine):
    # bench g-13: "futsal besok sore" full in the afternoon: the other free hours of that day
    # come before another day (it was booked on the next day's afternoon instead)
    neighbours_book_court_a(engine, range(6, 12))  # Saturday morning
    msgs, _ = await run(
        act.ActionCheckAvailability(),
        tracker("tenis a sabtu pagi ada yg kosong gk", intent="check_availability", loop=None),
    )
    [free] = msgs
    assert free["response"] == "utter_booking_availability"
    assert free["date"] == "Sabtu, 28 November 2026"
    assert all("2026-11-28" in b["payload"] for b in free["buttons"])
