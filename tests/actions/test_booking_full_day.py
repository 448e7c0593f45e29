"""The same full day asked for a third time: the next free day is picked and said, then
its times (bench f-18 in the full run heard "sudah penuh" six times for "tanggal 6");
the lengths offered end by closing time."""

from __future__ import annotations

from datetime import date, time

from actions.booking.asking import ActionAskBookingTime
from app.services import bookings as svc
from app.services.dates_id import local
from tests.actions.booking_helpers import NOW, pinned_clock, responses, run, tracker  # noqa: F401
from tests.booking_writes import FACILITIES, committed

FULL = "Maaf, Lapangan Tenis A (Taman Kota) pada Selasa, 24 November 2026 sudah penuh."


def told_full(times: int) -> list[dict[str, object]]:
    said = {"event": "bot", "text": FULL, "metadata": {"utter_action": "utter_booking_day_full"}}
    return [said] * times


async def test_the_third_time_the_nearest_free_day_is_taken(engine):
    tuesday = date(2026, 11, 24)
    for hour in range(6, 22):
        committed(
            engine, svc.book, FACILITIES, facility_id="tenis-a", start=local(tuesday, time(hour)),
            minutes=60, people=2, name="A", phone=f"08120000{hour:02d}",
            owner_id=f"web:other{hour}", now=NOW,
        )  # fmt: skip
    for before, expected in (
        (1, ["utter_booking_day_full"]),
        (2, [None, "utter_ask_booking_time"]),
    ):
        trk = tracker(
            "tanggal 24",
            {"booking_facility": "tenis-a", "booking_date": "2026-11-24"},
            requested="booking_time",
        )
        trk.events = told_full(before)
        msgs, slots = await run(ActionAskBookingTime(), trk)
        assert responses(msgs) == expected
    assert "Rabu, 25 November 2026" in msgs[0]["text"]
    assert slots == {"booking_date": "2026-11-25"}


async def test_lengths_offered_end_by_closing_time(engine):
    # bench x-09: from 15.00 at the hall (closing 16.00) it offered [1 jam]..[4 jam] and
    # "paling lama 8 jam", then refused "2 jam" as outside the opening hours, round and round
    from actions.booking.asking import ActionAskBookingDuration

    slots = {"booking_facility": "aula-kecamatan", "booking_date": "2026-11-27"}
    late = tracker("jam 15.00", {**slots, "booking_time": "15:00"}, requested="booking_duration")
    msgs, _ = await run(ActionAskBookingDuration(), late)
    assert [b["title"] for b in msgs[0]["buttons"]] == ["1 jam"]
    assert msgs[0]["max_hours"] == "1"
    early = tracker("jam 9", {**slots, "booking_time": "09:00"}, requested="booking_duration")
    msgs, _ = await run(ActionAskBookingDuration(), early)
    assert [b["title"] for b in msgs[0]["buttons"]] == ["1 jam", "2 jam", "3 jam", "4 jam"]
    assert msgs[0]["max_hours"] == "7"  # 09.00-16.00
