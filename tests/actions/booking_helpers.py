"""Helpers of the booking action tests: the pinned clock (Monday 23 November 2026, 10.00
WIB; an autouse fixture: import it into a test module), the real domain, a tracker in the
booking form, running an action, a complete set of answers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import context as action_context
from app.services.dates_id import TZ

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
SAT = date(2026, 11, 28)
DOMAIN = yaml.safe_load(Path("bot/domain/booking.yml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch, engine):
    monkeypatch.setattr(action_context.get(), "clock", lambda: NOW)


def tracker(
    text: str,
    slots: dict | None = None,
    *,
    requested: str | None = None,
    intent: str = "book_facility",
    entities: list | None = None,
    sender: str = "web:warga1",
    loop: str | None = "booking_form",
) -> Tracker:
    values = {name: None for name in DOMAIN["slots"]}
    values.update(slots or {})
    values["requested_slot"] = requested
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.95},
        "entities": entities or [],
    }
    return Tracker(
        sender, values, latest, [], False, None, {"name": loop} if loop else {}, "action_listen"
    )


async def run(action, trk: Tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, trk, DOMAIN)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, slots


def responses(messages) -> list[str]:
    return [m["response"] for m in messages]


FULL = {
    "booking_facility": "tenis-a",
    "booking_date": "2026-11-28",
    "booking_time": "08:00",
    "booking_duration": "60",
    "booking_people": "2",
    "booking_name": "Siti Aminah",
    "booking_phone": "081234567890",
}
