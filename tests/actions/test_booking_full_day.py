"""The same full day asked for a third time: the next free day is picked and said, then
its times (bench f-18 in the full run heard "sudah penuh" six times for "tanggal 6")."""

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
