"""Facility booking in chat: availability, the booking form, cancel and reschedule by code.

Slots are filled from the citizen's own words (``extract_<slot>``) and from button payloads
(entity ``booking_slot`` = "<facility id> <YYYY-MM-DD> <HH:MM>"), then parsed and checked in
``validate_<slot>`` with the service functions. After every turn the form checks the
combination (opening hours, closed days, notice, capacity, free or taken) and clears only
the slot that is wrong, with a clear Indonesian reason: nothing else the citizen said is
lost. All wording is in ``bot/domain/booking.yml``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlmodel import Session

from actions import context
from app.services import bookings as svc
from app.services.dates_id import (
    PERIODS,
    TZ,
    DateTimeError,
    find_date,
    find_duration_minutes,
    find_people,
    find_time,
    format_date,
    format_time,
    local,
    now_local,
    parse_date,
    parse_duration_minutes,
    parse_people,
    parse_time,
)
from app.services.facilities import Facility

log = logging.getLogger(__name__)

# Replaced in tests to pin "now".
clock: Callable[[], datetime] = now_local

FORM_SLOTS = [
    "booking_facility",
    "booking_date",
    "booking_time",
    "booking_duration",
    "booking_people",
    "booking_name",
    "booking_phone",
]
SCHEDULE_SLOTS = ["booking_facility", "booking_date", "booking_time", "booking_period"]
# Intents that mean "stop" or "something else": the form lets them through.
LEAVE_INTENTS = {"deny", "goodbye", "request_human", "emergency", "cancel_booking"}
PHONE_RE = re.compile(r"(?:\+?62|0)\s?8[\d\s-]{7,14}\d")
MAX_BUTTONS = 8


# ---------------------------------------------------------------- helpers


def _text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def _intent(tracker: Tracker) -> tuple[str, float]:
    intent = tracker.latest_message.get("intent") or {}
    return str(intent.get("name") or ""), float(intent.get("confidence") or 0.0)


def _entity(tracker: Tracker, name: str) -> str | None:
    for ent in tracker.latest_message.get("entities") or []:
        if ent.get("entity") == name and ent.get("value") not in (None, ""):
            return str(ent["value"])
    return None


def _button_slot(tracker: Tracker) -> tuple[str, str, str] | None:
    """A button's "<facility> <date> <time>" (see :func:`slot_payload`)."""
    raw = _entity(tracker, "booking_slot")
    if raw is None:
        return None
    parts = raw.split()
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def slot_payload(fac: Facility, start: datetime) -> str:
    value = f"{fac.id} {start.astimezone(TZ):%Y-%m-%d %H:%M}"
    # Compact: Telegram carries at most 64 bytes of callback data.
    return "/book_facility" + json.dumps({"booking_slot": value}, separators=(",", ":"))


def _leaving(tracker: Tracker) -> bool:
    name, confidence = _intent(tracker)
    return name in LEAVE_INTENTS and confidence >= 0.5


def _requested(tracker: Tracker, slot: str) -> bool:
    return tracker.get_slot("requested_slot") == slot


def _slot_date(tracker: Tracker) -> date | None:
    value = tracker.get_slot("booking_date")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _slot_time(tracker: Tracker) -> time | None:
    value = tracker.get_slot("booking_time")
    try:
        return time.fromisoformat(value) if value else None
    except ValueError:
        return None


def _slot_int(tracker: Tracker, slot: str) -> int | None:
    value = tracker.get_slot(slot)
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _facility(tracker: Tracker) -> Facility | None:
    fid = tracker.get_slot("booking_facility")
    return svc.catalogue().get(fid) if fid else None


def _engine_session() -> Session:
    return Session(context.get().engine)


def _say_error(dispatcher: CollectingDispatcher, error: DateTimeError | svc.BookingError) -> None:
    params = {k: str(v) for k, v in error.params.items()}
    dispatcher.utter_message(response=f"utter_booking_err_{error.code}", **params)


def _time_buttons(slots: list[datetime]) -> list[dict[str, str]]:
    return [{"title": format_time(s), "payload": f"jam {format_time(s)}"} for s in slots]


def _facility_buttons(facilities: list[Facility]) -> list[dict[str, str]]:
    return [{"title": f.name, "payload": f.name} for f in facilities]


def normalise_phone(raw: str) -> str | None:
    m = PHONE_RE.search(raw)
    if m is None:
        return None
    digits = re.sub(r"\D", "", m.group(0))
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits if 10 <= len(digits) <= 13 else None


def describe_slots(tracker: Tracker, fac: Facility) -> dict[str, str]:
    day = _slot_date(tracker)
    at = _slot_time(tracker)
    minutes = _slot_int(tracker, "booking_duration") or fac.min_duration_minutes
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


# ---------------------------------------------------------------- the booking form


class ValidateBookingForm(FormValidationAction):
    def name(self) -> str:
        return "validate_booking_form"

    # ---- extraction: what this message says about each slot

    async def extract_booking_facility(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if _leaving(tracker):
            return {}
        button = _button_slot(tracker)
        if button:
            return {"booking_facility": button[0]}
        text = _text(tracker)
        if text.startswith("/"):
            return {}
        if _requested(tracker, "booking_facility"):
            return {"booking_facility": text}
        if svc.catalogue().match(text) and not self._names_current(tracker, text):
            return {"booking_facility": text}
        return {}

    @staticmethod
    def _names_current(tracker: Tracker, text: str) -> bool:
        """The message names the facility already chosen (or its kind): nothing new."""
        current = _facility(tracker)
        return current is not None and current in svc.catalogue().match(text)

    async def extract_booking_date(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if _leaving(tracker):
            return {}
        button = _button_slot(tracker)
        if button:
            return {"booking_date": button[1]}
        text = _text(tracker)
        if text.startswith("/"):
            return {}
        if _requested(tracker, "booking_date"):
            return {"booking_date": text}
        try:
            _at, _period, rest = find_time(text)
            found = find_date(rest, clock().date()) if rest else None
        except DateTimeError:
            return {"booking_date": text}  # an impossible date: validation explains
        return {"booking_date": text} if found else {}

    async def extract_booking_time(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if _leaving(tracker):
            return {}
        button = _button_slot(tracker)
        if button:
            return {"booking_time": button[2]}
        text = _text(tracker)
        if text.startswith("/"):
            return {}
        try:
            at, period, _rest = find_time(text)
        except DateTimeError:
            return {"booking_time": text}
        found: dict[str, Any] = {}
        if period:
            found["booking_period"] = period
        if at is not None or _requested(tracker, "booking_time"):
            found["booking_time"] = text
        return found

    async def extract_booking_duration(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if _leaving(tracker):
            return {}
        text = _text(tracker)
        if text.startswith("/"):
            return {}
        if _requested(tracker, "booking_duration") or find_duration_minutes(text):
            return {"booking_duration": text}
        return {}

    async def extract_booking_people(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if _leaving(tracker):
            return {}
        text = _text(tracker)
        if text.startswith("/"):
            return {}
        if _requested(tracker, "booking_people") or find_people(text):
            return {"booking_people": text}
        return {}

    async def extract_booking_name(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if _leaving(tracker) or not _requested(tracker, "booking_name"):
            return {}
        return {"booking_name": _text(tracker)}

    async def extract_booking_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if _leaving(tracker):
            return {}
        text = _text(tracker)
        if _requested(tracker, "booking_phone") or normalise_phone(text):
            return {"booking_phone": text}
        return {}

    # ---- validation: each slot on its own

    def validate_booking_facility(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # cleared by an earlier action in this turn: nothing to check
            return {"booking_facility": None}
        found = svc.catalogue().match(str(value))
        if len(found) == 1:
            return {"booking_facility": found[0].id}
        if found:
            dispatcher.utter_message(
                response="utter_booking_which_facility", buttons=_facility_buttons(found)
            )
        else:
            log.info("unknown facility asked for: %r", value)
            dispatcher.utter_message(
                response="utter_booking_err_facility_unknown", text_given=str(value)
            )  # the question that follows lists the facilities as buttons
        return {"booking_facility": None}

    def validate_booking_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # cleared by an earlier action in this turn: nothing to check
            return {"booking_date": None}
        try:
            day = parse_date(str(value), clock())
        except DateTimeError as error:
            log.info("date refused (%s): %r", error.code, value)
            _say_error(dispatcher, error)
            return {"booking_date": None}
        return {"booking_date": day.isoformat()}

    def validate_booking_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # cleared by an earlier action in this turn: nothing to check
            return {"booking_time": None}
        try:
            at = parse_time(str(value))
        except DateTimeError as error:
            log.info("time refused (%s): %r", error.code, value)
            _say_error(dispatcher, error)
            return {"booking_time": None}
        return {"booking_time": at.strftime("%H:%M")}

    def validate_booking_duration(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # cleared by an earlier action in this turn: nothing to check
            return {"booking_duration": None}
        try:
            minutes = parse_duration_minutes(str(value))
        except DateTimeError as error:
            _say_error(dispatcher, error)
            return {"booking_duration": None}
        return {"booking_duration": str(minutes)}

    def validate_booking_people(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # cleared by an earlier action in this turn: nothing to check
            return {"booking_people": None}
        people = parse_people(str(value))
        if people is None or people < 1:
            dispatcher.utter_message(response="utter_booking_err_people_invalid")
            return {"booking_people": None}
        return {"booking_people": str(people)}

    def validate_booking_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # cleared by an earlier action in this turn: nothing to check
            return {"booking_name": None}
        name = re.sub(
            r"^(nama\s+(saya|sy|aku)\s+|saya\s+|atas\s+nama\s+)", "", str(value).strip(), flags=re.I
        )
        name = " ".join(name.split())
        if (
            not 2 <= len(name) <= 80
            or not re.search(r"[A-Za-z]", name)
            or re.search(r"\d{4,}", name)
        ):
            dispatcher.utter_message(response="utter_booking_err_name_invalid")
            return {"booking_name": None}
        return {"booking_name": name.title() if name.islower() else name}

    def validate_booking_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # cleared by an earlier action in this turn: nothing to check
            return {"booking_phone": None}
        phone = normalise_phone(str(value))
        if phone is None:
            dispatcher.utter_message(response="utter_booking_err_phone_invalid")
            return {"booking_phone": None}
        return {"booking_phone": phone}

    # ---- the combination, after every turn

    async def _extract_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await self.get_validation_events(dispatcher, tracker, domain)
        tracker.add_slots(events)
        fixes = check_combination(dispatcher, tracker, exclude_id=None)
        tracker.add_slots(fixes)
        events.extend(fixes)
        next_slot = await self.next_requested_slot(dispatcher, tracker, domain)
        if next_slot:
            events.append(next_slot)
        return events


# Which slot a refused combination clears.
_CLEAR_FOR = {
    "time_past": "booking_time",
    "closed_day": "booking_date",
    "too_far": "booking_date",
    "not_on_grid": "booking_time",
    "too_soon": "booking_time",
    "duration_out_of_range": "booking_duration",
    "over_capacity": "booking_people",
    "people_invalid": "booking_people",
    "date_past": "booking_date",
}


def check_combination(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    *,
    exclude_id: int | None,
    facility: Facility | None = None,
    minutes: int | None = None,
    people: int | None = None,
) -> list[EventType]:
    """Check what is known so far against the facility's rules and the bookings. Returns
    the SlotSet(None) events for the slot(s) at fault, after explaining why."""
    fac = facility or _facility(tracker)
    day = _slot_date(tracker)
    if fac is None or day is None:
        return []
    now = clock()
    at = _slot_time(tracker)
    minutes = minutes or _slot_int(tracker, "booking_duration")
    people = people if people is not None else _slot_int(tracker, "booking_people")
    with _engine_session() as session:
        if at is None:
            # Only the day is known: open that day, within the horizon, big enough?
            try:
                svc.check_day(session, fac, day, people, now)
            except svc.BookingError as error:
                log.info("booking day refused: %s", error)
                _say_error(dispatcher, error)
                return [SlotSet(_CLEAR_FOR.get(error.code, "booking_date"), None)]
            return []
        start = local(day, at)
        try:
            svc.check_rules(session, fac, start, minutes or fac.min_duration_minutes, people, now)
        except svc.BookingError as error:
            slot = _CLEAR_FOR.get(error.code)
            if error.code == "outside_hours":
                opening = fac.opening(day)
                start_ok = opening is not None and opening[0] <= at < opening[1]
                slot = "booking_duration" if (start_ok and minutes) else "booking_time"
            log.info("booking combination refused: %s", error)
            _say_error(dispatcher, error)
            return [SlotSet(slot or "booking_time", None)]
        length = minutes or fac.min_duration_minutes
        clash = svc.overlapping(
            session, fac.id, start, start + timedelta(minutes=length), exclude_id=exclude_id
        )
        if clash:
            free = svc.next_free_slots(
                session,
                fac,
                start - timedelta(hours=3),
                minutes=length,
                now=now,
                exclude_id=exclude_id,
            )
            dispatcher.utter_message(
                response="utter_booking_err_slot_busy",
                facility=fac.name,
                date=format_date(day),
                time=format_time(at),
                buttons=_time_buttons([s for s in free if s.date() == day])
                or [
                    {
                        "title": f"{format_date(s.date())} {format_time(s)}",
                        "payload": slot_payload(fac, s),
                    }
                    for s in free
                ],
            )
            return [SlotSet("booking_time", None)]
    return []


class ActionBookingReset(Action):
    """Start a new booking: forget an earlier draft (name and phone are kept), unless the
    message is a button for a slot of the facility being booked."""

    def name(self) -> str:
        return "action_booking_reset"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        button = _button_slot(tracker)
        keep = {"booking_name", "booking_phone"}
        if button and button[0] == tracker.get_slot("booking_facility"):
            keep |= {"booking_duration", "booking_people"}
        events: list[EventType] = [
            SlotSet(s, None)
            for s in [*FORM_SLOTS, "booking_period", "booking_code"]
            if s not in keep
        ]
        events.append(SlotSet("booking_pending", None))
        return events


def _uttered_this_turn(tracker: Tracker, response: str) -> bool:
    """Did the bot already send ``response`` since the citizen's latest message?"""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if (
            event.get("event") == "bot"
            and (event.get("metadata") or {}).get("utter_action") == response
        ):
            return True
    return False


class ActionAskBookingFacility(Action):
    def name(self) -> str:
        return "action_ask_booking_facility"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if _uttered_this_turn(tracker, "utter_booking_which_facility"):
            # validation already asked "which one?" with only the matching facilities
            return []
        cat = svc.catalogue()
        dispatcher.utter_message(
            response="utter_ask_booking_facility", buttons=_facility_buttons(cat.facilities)
        )
        return []


class ActionAskBookingDate(Action):
    def name(self) -> str:
        return "action_ask_booking_date"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        fac = _facility(tracker)
        buttons: list[dict[str, str]] = []
        if fac is not None:
            today = clock().date()
            with _engine_session() as session:
                day = today
                while len(buttons) < 4 and day <= today + timedelta(days=fac.max_notice_days):
                    if svc.free_slots(session, fac, day, now=clock()):
                        buttons.append({"title": format_date(day), "payload": format_date(day)})
                    day += timedelta(days=1)
        dispatcher.utter_message(
            response="utter_ask_booking_date",
            facility=fac.name if fac else "fasilitas",
            buttons=buttons,
        )
        return []


class ActionAskBookingTime(Action):
    """Ask the start time with the free starts of that day (in the part of the day the
    citizen named, if any) as buttons."""

    def name(self) -> str:
        return "action_ask_booking_time"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        fac = _facility(tracker)
        day = _slot_date(tracker)
        if fac is None or day is None:
            dispatcher.utter_message(response="utter_ask_booking_time_plain")
            return []
        minutes = _slot_int(tracker, "booking_duration")
        period = tracker.get_slot("booking_period")
        with _engine_session() as session:
            free = svc.free_slots(
                session, fac, day, minutes=minutes, now=clock(), exclude_id=_own_booking_id(tracker)
            )
        shown = [
            s
            for s in free
            if period in PERIODS and PERIODS[period][0] <= s.hour < PERIODS[period][1]
        ] or free
        if not free:
            dispatcher.utter_message(
                response="utter_booking_day_full", facility=fac.name, date=format_date(day)
            )
            return [SlotSet("booking_date", None)]
        opening = fac.opening(day)
        dispatcher.utter_message(
            response="utter_ask_booking_time",
            facility=fac.name,
            date=format_date(day),
            open=format_time(opening[0]) if opening else "",
            close=format_time(opening[1]) if opening else "",
            buttons=_time_buttons(shown[:MAX_BUTTONS]),
        )
        return []


def _own_booking_id(tracker: Tracker) -> int | None:
    """While rescheduling, the booking being moved does not block its own new time."""
    code = tracker.get_slot("booking_code")
    if not code or (tracker.active_loop or {}).get("name") != "reschedule_booking_form":
        return None
    with _engine_session() as session:
        booking = svc.get_by_code(session, code)
        return booking.id if booking else None


class ActionAskBookingDuration(Action):
    def name(self) -> str:
        return "action_ask_booking_duration"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        fac = _facility(tracker)
        buttons: list[dict[str, str]] = []
        if fac is not None:
            m = fac.min_duration_minutes
            while m <= fac.max_duration_minutes and len(buttons) < 4:
                label = f"{m // 60} jam" if m % 60 == 0 else f"{m} menit"
                buttons.append({"title": label, "payload": label})
                m += fac.slot_minutes
        dispatcher.utter_message(
            response="utter_ask_booking_duration",
            min_hours=svc._hours(fac.min_duration_minutes) if fac else "1",
            max_hours=svc._hours(fac.max_duration_minutes) if fac else "2",
            buttons=buttons,
        )
        return []


class ActionAskBookingPeople(Action):
    def name(self) -> str:
        return "action_ask_booking_people"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        fac = _facility(tracker)
        dispatcher.utter_message(
            response="utter_ask_booking_people", capacity=str(fac.capacity) if fac else "-"
        )
        return []


class ActionBookingSummary(Action):
    def name(self) -> str:
        return "action_booking_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        fac = _facility(tracker)
        if fac is None:
            return [SlotSet("booking_pending", None)]
        dispatcher.utter_message(response="utter_booking_summary", **describe_slots(tracker, fac))
        return [SlotSet("booking_pending", "book")]


class ActionBookingStop(Action):
    """The citizen stops: leave the form, forget the draft (name, phone kept)."""

    def name(self) -> str:
        return "action_booking_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_booking_stopped")
        keep = {"booking_name", "booking_phone"}
        events: list[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None)]
        events += [
            SlotSet(s, None)
            for s in [*FORM_SLOTS, "booking_period", "booking_code"]
            if s not in keep
        ]
        events.append(SlotSet("booking_pending", None))
        return events


class ActionBookingCommit(Action):
    """The citizen said yes to a summary: book, cancel or reschedule (slot booking_pending)."""

    def name(self) -> str:
        return "action_booking_commit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        pending = tracker.get_slot("booking_pending")
        try:
            if pending == "book":
                return self._book(dispatcher, tracker)
            if pending == "cancel":
                return self._cancel(dispatcher, tracker)
            if pending == "reschedule":
                return self._reschedule(dispatcher, tracker)
        except svc.SlotTaken as taken:
            return self._taken(dispatcher, tracker, taken)
        except svc.BookingError as error:
            log.info("booking commit refused for %s: %s", tracker.sender_id, error)
            _say_error(dispatcher, error)
            return [SlotSet("booking_pending", None)]
        dispatcher.utter_message(response="utter_booking_nothing_pending")
        return []

    def _book(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        fac = _facility(tracker)
        day, at = _slot_date(tracker), _slot_time(tracker)
        if fac is None or day is None or at is None:
            dispatcher.utter_message(response="utter_booking_nothing_pending")
            return [SlotSet("booking_pending", None)]
        settings = context.get().settings
        booking = svc.book(
            context.get().engine,
            facility_id=fac.id,
            start=local(day, at),
            minutes=_slot_int(tracker, "booking_duration") or fac.min_duration_minutes,
            people=_slot_int(tracker, "booking_people") or 1,
            name=str(tracker.get_slot("booking_name") or ""),
            phone=str(tracker.get_slot("booking_phone") or ""),
            owner_id=tracker.sender_id,
            now=clock(),
            max_future=settings.booking_max_future_per_citizen,
            reminder_hours_before=settings.booking_reminder_hours_before,
        )
        info = svc.describe(booking)
        dispatcher.utter_message(
            response="utter_booking_confirmed",
            ics_url=ics_url(booking),
            **info,
        )
        return [
            *[
                SlotSet(s, None)
                for s in [
                    "booking_facility",
                    "booking_date",
                    "booking_time",
                    "booking_duration",
                    "booking_people",
                    "booking_period",
                ]
            ],
            SlotSet("booking_pending", None),
        ]

    def _cancel(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        code = str(tracker.get_slot("booking_code") or "")
        booking = svc.cancel(
            context.get().engine,
            code,
            owner_id=tracker.sender_id,
            by="citizen",
            reason="dibatalkan warga",
            now=clock(),
        )
        dispatcher.utter_message(response="utter_booking_cancel_done", **svc.describe(booking))
        return [SlotSet("booking_pending", None), SlotSet("booking_code", None)]

    def _reschedule(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        code = str(tracker.get_slot("booking_code") or "")
        day, at = _slot_date(tracker), _slot_time(tracker)
        if day is None or at is None:
            dispatcher.utter_message(response="utter_booking_nothing_pending")
            return [SlotSet("booking_pending", None)]
        settings = context.get().settings
        booking = svc.reschedule(
            context.get().engine,
            code,
            owner_id=tracker.sender_id,
            start=local(day, at),
            now=clock(),
            reminder_hours_before=settings.booking_reminder_hours_before,
        )
        dispatcher.utter_message(
            response="utter_booking_reschedule_done",
            ics_url=ics_url(booking),
            **svc.describe(booking),
        )
        return [
            SlotSet("booking_pending", None),
            SlotSet("booking_date", None),
            SlotSet("booking_time", None),
            SlotSet("booking_period", None),
        ]

    def _taken(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, taken: svc.SlotTaken
    ) -> list[EventType]:
        """Lost the race (or the slot filled meanwhile): offer the next free slots."""
        fid = tracker.get_slot("booking_facility")
        fac = svc.catalogue().get(fid) if fid else None
        if fac is None and tracker.get_slot("booking_code"):
            with _engine_session() as session:
                booking = svc.get_by_code(session, str(tracker.get_slot("booking_code")))
                fac = svc.catalogue().get(booking.facility_id) if booking else None
        if tracker.get_slot("booking_pending") == "reschedule":
            # Ask the new time again, with that day's free times as buttons.
            dispatcher.utter_message(
                response="utter_booking_err_slot_taken", facility=taken.params.get("facility", "")
            )
            return [
                SlotSet("booking_time", None),
                SlotSet("booking_pending", None),
                FollowupAction("reschedule_booking_form"),
            ]
        buttons = [
            {"title": f"{format_date(s.date())} {format_time(s)}", "payload": slot_payload(fac, s)}
            for s in taken.alternatives
            if fac is not None
        ]
        log.info("slot taken for %s; offered %d alternatives", tracker.sender_id, len(buttons))
        dispatcher.utter_message(
            response="utter_booking_err_slot_taken",
            facility=taken.params.get("facility", ""),
            buttons=buttons,
        )
        return [SlotSet("booking_time", None), SlotSet("booking_pending", None)]


def ics_url(booking: Any) -> str:
    from app.api.bookings import ics_path

    settings = context.get().settings
    return settings.public_url.rstrip("/") + ics_path(booking.code, settings.secret_key)


# ---------------------------------------------------------------- availability


class ActionCheckAvailability(Action):
    """ "ada lapangan tenis kosong sabtu pagi?" -> free starts per court as buttons."""

    def name(self) -> str:
        return "action_check_availability"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = _text(tracker)
        cat = svc.catalogue()
        kind = _entity(tracker, "facility_type")
        facilities = cat.match(text) if not text.startswith("/") else []
        if not facilities and kind:
            facilities = cat.of_type(kind) or cat.match(kind)
        if not facilities:
            dispatcher.utter_message(
                response="utter_booking_availability_which",
                buttons=[
                    {
                        "title": label.capitalize(),
                        "payload": "/check_availability" + json.dumps({"facility_type": type_}),
                    }
                    for type_, label in cat.type_labels.items()
                ],
            )
            return []
        now = clock()
        try:
            at, period, rest = find_time(text)
            day = find_date(rest, now.date()) if rest and not text.startswith("/") else None
        except DateTimeError as error:
            _say_error(dispatcher, error)
            return []
        if day is not None and day < now.date():
            dispatcher.utter_message(response="utter_booking_err_date_past", date=format_date(day))
            return []
        between = PERIODS.get(period or "")
        if at is not None:
            between = (at.hour, at.hour + 1)
        asked_day = day or now.date()
        with _engine_session() as session:
            for fac in facilities[:3]:
                search_day = asked_day
                free: list[datetime] = []
                while not free and search_day <= asked_day + timedelta(days=6):
                    free = svc.free_slots(session, fac, search_day, now=now, between=between)
                    if not free and day is not None:
                        break  # a day was asked for: say it is full, do not wander
                    if not free:
                        search_day += timedelta(days=1)
                if not free:
                    reason = svc.closed_reason(session, fac, asked_day)
                    dispatcher.utter_message(
                        response="utter_booking_availability_none",
                        facility=fac.name,
                        date=format_date(asked_day),
                        reason=f" ({reason})" if reason else "",
                    )
                    continue
                dispatcher.utter_message(
                    response="utter_booking_availability",
                    facility=fac.name,
                    date=format_date(search_day),
                    fee=fac.fee.describe(),
                    buttons=[
                        {"title": format_time(s), "payload": slot_payload(fac, s)}
                        for s in free[:MAX_BUTTONS]
                    ],
                )
        return []


# ---------------------------------------------------------------- cancel and reschedule


def _code_from(tracker: Tracker) -> str | None:
    return svc.normalise_code(_entity(tracker, "booking_code") or _text(tracker))


class _CodeValidation:
    def validate_booking_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_code": None}
        code = svc.normalise_code(str(value))
        if code is None:
            dispatcher.utter_message(response="utter_booking_err_code_invalid")
            return {"booking_code": None}
        with _engine_session() as session:
            try:
                booking = svc.owned_booking(session, code, tracker.sender_id)
            except svc.BookingError as error:
                _say_error(dispatcher, error)
                return {"booking_code": None}
            if svc.as_utc(booking.start_at) <= clock():
                dispatcher.utter_message(response="utter_booking_err_already_past", code=code)
                return {"booking_code": None}
        return {"booking_code": code}


class ValidateCancelBookingForm(_CodeValidation, FormValidationAction):
    def name(self) -> str:
        return "validate_cancel_booking_form"

    async def extract_booking_code(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name, conf = _intent(tracker)
        if name in LEAVE_INTENTS - {"cancel_booking"} and conf >= 0.5:
            return {}
        code = _code_from(tracker)
        if code or _requested(tracker, "booking_code"):
            return {"booking_code": code or _text(tracker)}
        return {}


class ValidateRescheduleBookingForm(_CodeValidation, ValidateBookingForm):
    """Code, then a new date and time; the booking's own facility, length and size."""

    def name(self) -> str:
        return "validate_reschedule_booking_form"

    async def extract_booking_code(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if _leaving(tracker):
            return {}
        code = _code_from(tracker)
        if code or _requested(tracker, "booking_code"):
            return {"booking_code": code or _text(tracker)}
        return {}

    async def _extract_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await self.get_validation_events(dispatcher, tracker, domain)
        tracker.add_slots(events)
        code = tracker.get_slot("booking_code")
        fixes: list[EventType] = []
        if code:
            with _engine_session() as session:
                booking = svc.get_by_code(session, code)
            if booking is not None:
                fac = svc.catalogue().get(booking.facility_id)
                minutes = int(
                    (svc.as_utc(booking.end_at) - svc.as_utc(booking.start_at)).total_seconds()
                    // 60
                )
                fixes = [SlotSet("booking_facility", booking.facility_id)]
                tracker.add_slots(fixes)
                fixes += check_combination(
                    dispatcher,
                    tracker,
                    exclude_id=booking.id,
                    facility=fac,
                    minutes=minutes,
                    people=booking.people,
                )
        tracker.add_slots(fixes)
        events.extend(fixes)
        next_slot = await self.next_requested_slot(dispatcher, tracker, domain)
        if next_slot:
            events.append(next_slot)
        return events


class ActionBookingStartManage(Action):
    """Before the cancel or reschedule form: forget an older draft's date and time."""

    def name(self) -> str:
        return "action_booking_start_manage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return [SlotSet(s, None) for s in [*SCHEDULE_SLOTS, "booking_code", "booking_pending"]]


class ActionCancelSummary(Action):
    def name(self) -> str:
        return "action_booking_cancel_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with _engine_session() as session:
            booking = svc.get_by_code(session, str(tracker.get_slot("booking_code") or ""))
        if booking is None:
            dispatcher.utter_message(response="utter_booking_nothing_pending")
            return []
        dispatcher.utter_message(response="utter_booking_cancel_confirm", **svc.describe(booking))
        return [SlotSet("booking_pending", "cancel")]


class ActionRescheduleSummary(Action):
    def name(self) -> str:
        return "action_booking_reschedule_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with _engine_session() as session:
            booking = svc.get_by_code(session, str(tracker.get_slot("booking_code") or ""))
        day, at = _slot_date(tracker), _slot_time(tracker)
        if booking is None or day is None or at is None:
            dispatcher.utter_message(response="utter_booking_nothing_pending")
            return []
        old = svc.describe(booking)
        length = svc.as_utc(booking.end_at) - svc.as_utc(booking.start_at)
        start = local(day, at)
        dispatcher.utter_message(
            response="utter_booking_reschedule_confirm",
            code=booking.code,
            facility=old["facility"],
            old_date=old["date"],
            old_start=old["start"],
            date=format_date(day),
            start=format_time(start),
            end=format_time(start + length),
        )
        return [SlotSet("booking_pending", "reschedule")]
