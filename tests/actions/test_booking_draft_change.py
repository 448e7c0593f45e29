"""A change asked at the booking summary stays in the booking being made: "ganti" there is
never the reschedule of a booking made before (bench y-17: "eh ganti deh, jamnya jam 5 sore
aja" with 17.00 already in the summary went to the reschedule form, which asked for a code)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions import booking as bk
from actions.booking.checks import nearest
from tests.actions.booking_helpers import DOMAIN, FULL, pinned_clock, tracker  # noqa: F401

SAME_HOUR = "eh ganti deh, jamnya jam 8 pagi aja, temen gue baru bisa pagi"


async def events_of(text: str, intent: str) -> list[dict[str, Any]]:
    trk = tracker(text, FULL, requested="booking_confirm", intent=intent)
    return await bk.ValidateBookingForm().run(CollectingDispatcher(), trk, DOMAIN)


def switched(events: list[dict[str, Any]]) -> bool:
    return any(e.get("name") == "action_switch_form" for e in events)


async def test_a_change_to_the_same_hour_stays_in_the_draft() -> None:
    events = await events_of(SAME_HOUR, "reschedule_booking")
    assert not switched(events)
    assert not any(e.get("event") == "active_loop" and e.get("name") is None for e in events)


async def test_another_form_s_intent_still_switches() -> None:
    # a complaint told mid-booking still leaves for the complaint form
    events = await events_of("eh tapi lampu jalan depan rumah saya mati", "file_complaint")
    assert switched(events)


def test_the_free_start_nearest_to_midnight_is_the_latest() -> None:
    # bench t-19: "jam 12 malam aj" when the evening was taken got 06.00 as "the nearest"
    starts = [datetime(2026, 12, 8, h) for h in (6, 9, 12, 13, 18)]
    assert nearest(starts, time(0, 0), count=1) == [starts[-1]]
    assert nearest(starts, time(1, 0), count=2) == starts[-2:]
    assert nearest(starts, time(7, 0), count=1) == [starts[0]]  # a morning hour stays
