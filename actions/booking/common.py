"""What every booking action shares: now, reading slots and buttons, the facility,
error messages and summary values. Wording is in ``bot/domain/booking.yml``."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, time, timedelta
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from actions import context
from actions.forms import message
from app.services import bookings as svc
from app.services.calendar_links import ics_path
from app.services.facilities import Catalogue, Facility
from core.lang.when import TZ, WhenError, format_date, format_time, local

# the message readers every form shares (actions/forms/message.py)
entity = message.entity
text_of = message.text_of


log = logging.getLogger(__name__)


FORM_SLOTS = [
    "booking_facility",
    "booking_date",
    "booking_time",
    "booking_duration",
    "booking_people",
    "booking_name",
    "booking_phone",
]
# ``booking_confirm`` when the form was left for a question ("ga jd, mau nanya dulu"): the
# stop action keeps the answers aside without a word of its own (actions/booking/turns.py)
ASKING = "tanya"
SCHEDULE_SLOTS = ["booking_facility", "booking_date", "booking_time", "booking_period"]
MAX_BUTTONS = 8


def now() -> datetime:
    """Now in the city's time zone, from the action context's clock."""
    return context.get().clock().astimezone(TZ)


def button_slot(tracker: Tracker) -> tuple[str, str, str] | None:
    """A button's "<facility> <date> <time>" (see :func:`slot_payload`)."""
    raw = entity(tracker, "booking_slot")
    if raw is None:
        return None
    parts = raw.split()
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def slot_payload(fac: Facility, start: datetime) -> str:
    value = f"{fac.id} {start.astimezone(TZ):%Y-%m-%d %H:%M}"
    # Compact: Telegram carries at most 64 bytes of callback data.
    return "/book_facility" + json.dumps({"booking_slot": value}, separators=(",", ":"))


def requested(tracker: Tracker, slot: str) -> bool:
    return tracker.get_slot("requested_slot") == slot


def slot_date(tracker: Tracker) -> date | None:
    value = tracker.get_slot("booking_date")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def slot_time(tracker: Tracker) -> time | None:
    value = tracker.get_slot("booking_time")
    try:
        return time.fromisoformat(value) if value else None
    except ValueError:
        return None


def slot_int(tracker: Tracker, slot: str) -> int | None:
    value = tracker.get_slot(slot)
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def catalogue() -> Catalogue:
    """The facilities of the app these actions serve (its settings' facilities file)."""
    return context.get().facilities


def describe(booking: Any) -> dict[str, str]:
    """A booking's values for the texts (its facility from this app's catalogue)."""
    return svc.describe(catalogue(), booking)


def facility(tracker: Tracker) -> Facility | None:
    fid = tracker.get_slot("booking_facility")
    return catalogue().get(fid) if fid else None


def session() -> Session:
    return context.get().session()


def say_error(dispatcher: CollectingDispatcher, error: WhenError | svc.BookingError) -> None:
    """The response for a refusal. Its parameters never include ``text``: that keyword would
    replace the response's wording with the citizen's own words."""
    params = {k: str(v) for k, v in error.params.items() if k not in ("text", "buttons")}
    dispatcher.utter_message(response=f"utter_booking_err_{error.code}", **params)


def time_buttons(slots: list[datetime]) -> list[dict[str, str]]:
    seen: set[str] = set()
    buttons = []
    for s in slots:
        label = format_time(s)
        if label not in seen:  # the same time never listed twice
            seen.add(label)
            buttons.append({"title": label, "payload": f"jam {label}"})
    return buttons


def facility_buttons(facilities: list[Facility]) -> list[dict[str, str]]:
    return [{"title": f.name, "payload": f.name} for f in facilities]


def describe_slots(tracker: Tracker, fac: Facility) -> dict[str, str]:
    day = slot_date(tracker)
    at = slot_time(tracker)
    minutes = slot_int(tracker, "booking_duration") or fac.min_duration_minutes
    start = local(day, at) if day and at else None
    end = start + timedelta(minutes=minutes) if start else None
    return {
        "facility": fac.name,
        "location": fac.location,
        "date": format_date(day) if day else "-",
        "start": format_time(start) if start else "-",
        "end": format_time(end) if end else "-",
        "people": str(tracker.get_slot("booking_people") or "-"),
        "name": str(tracker.get_slot("booking_name") or "-"),
        "phone": str(tracker.get_slot("booking_phone") or "-"),
        "fee": fac.fee.describe(),
        "rules": " ".join(fac.house_rules),
    }


def ics_url(booking: Any) -> str:
    settings = context.get().settings
    return settings.public_url.rstrip("/") + ics_path(booking.code, settings.secret_key)


def own_booking_id(tracker: Tracker) -> int | None:
    """While rescheduling, the booking being moved does not block its own new time."""
    code = tracker.get_slot("booking_code")
    if not code or (tracker.active_loop or {}).get("name") != "reschedule_booking_form":
        return None
    with session() as s:
        booking = svc.find_by_code(s, code)
        return booking.id if booking else None
