"""What the booking and reschedule forms share: date, start, duration, and the summary as
the last question (``booking_confirm``), so "ya pesan" typed without its comma is read as the
answer to it. Values are read by :mod:`core.lang`; several in one message are all taken
("kamis depan jam 10, 10 orang", "jam 9 sampai 12"); a later message can correct any of them
("ganti jamnya jam 10"). After every turn the combination is checked (checks.py)."""

from __future__ import annotations

import logging
import re
from abc import abstractmethod
from datetime import time
from typing import Any, ClassVar

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import common as c
from actions.booking.asides import aside
from actions.booking.asking import date_buttons, duration_buttons, limits
from actions.booking.checks import check_combination, free_starts, nearest
from actions.booking.stays import long_stay
from actions.booking.turns import BookingTurns
from actions.forms.turn import is_correction, offered_buttons, short_choice
from app.services import bookings as svc
from core.lang import answers, numbers
from core.lang.stay import whole_day
from core.lang.when import (
    DEFAULT_HOUR,
    PERIODS,
    TimeFound,
    WhenError,
    find_date,
    find_duration_minutes,
    find_people,
    find_time,
    format_time,
)

log = logging.getLogger(__name__)
CONFIRM_TITLES = ["Ya, pesan", "Tidak, batal"]
CHANGED = re.compile(r"\b(?:di)?(?:ganti|ubah|tukar)(?:in|kan)?\b", re.I)  # "jamnya diganti"
_NO_TIME = TimeFound(None, None)


class BookingFormBase(BookingTurns):
    """Shared by the booking and reschedule forms."""

    @abstractmethod
    def name(self) -> str:
        """The validation action's name (validate_<form>)."""

    refinements: ClassVar[set[str]] = {"booking_period"}

    async def stop(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # the form ends; the commit action (rule: form answered) sees "tidak" and stops
        return [SlotSet("booking_confirm", "tidak"), SlotSet("requested_slot", None)]

    def slot_limits(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        return limits(slot, tracker)

    def slot_buttons(self, slot: str, tracker: Tracker, domain: DomainDict) -> list[dict[str, str]]:
        fac = c.facility(tracker)
        day = c.slot_date(tracker)
        if slot == "booking_time" and fac and day:
            return c.time_buttons(free_starts(tracker, fac, day)[: c.MAX_BUTTONS])
        if slot == "booking_date":
            return date_buttons(tracker)
        if slot == "booking_duration":
            return duration_buttons(tracker)
        if slot == "booking_facility":
            return c.facility_buttons(c.catalogue().facilities)
        if slot == "booking_confirm":
            return [
                {"title": CONFIRM_TITLES[0], "payload": "ya"},
                {"title": CONFIRM_TITLES[1], "payload": "batal"},
            ]
        return super().slot_buttons(slot, tracker, domain)

    def take_default(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType] | None:
        fac, day = c.facility(tracker), c.slot_date(tracker)
        if slot == "booking_time" and fac and day:
            period = tracker.get_slot("booking_period")
            around = time(DEFAULT_HOUR[period]) if period in DEFAULT_HOUR else None
            # the hour just asked for and refused ("kalau jam 2 siang bisa?" when 13-15 is
            # taken): the free start nearest to it, not to the part of the day (bench v-07
            # got 11.00 for 14.00 with 15.00 free)
            around = self._asked_hour(tracker) or around
            free = nearest(free_starts(tracker, fac, day), around, count=1)
            if free:
                label = format_time(free[0])
                dispatcher.utter_message(response="utter_form_default_booking_time", time=label)
                return [SlotSet("booking_time", free[0].strftime("%H:%M"))]
        if slot == "booking_duration" and fac:
            dispatcher.utter_message(
                response="utter_form_default_booking_duration",
                hours=svc._hours(fac.min_duration_minutes),
            )
            return [SlotSet("booking_duration", str(fac.min_duration_minutes))]
        return None

    # ---- extraction: the answer asked for, and what else the message says

    def _quiet(self, tracker: Tracker) -> bool:
        """Name and phone answers are not read for dates and times."""
        return c.requested(tracker, "booking_name") or c.requested(tracker, "booking_phone")

    @staticmethod
    def _other_facility(text: str) -> bool:
        """ "nggak jadi futsal, tenis b aja": a change of facility, not this question's answer."""
        instead = answers.changed_to(text)
        return instead is not None and bool(c.catalogue().match(instead))

    def _names_other(self, text: str, tracker: Tracker) -> bool:
        """Another facility than the one being booked is named ("tenis b aja bisa?", "kalau
        GOR jam 3?"): the message is about that one, not an answer for this booking's day,
        hour, length or group (a name may hold a facility's word: not for names)."""
        if self._other_facility(text):
            return True
        current = c.facility(tracker)
        found = c.catalogue().match(text) if not text.startswith("/") else []
        return current is not None and bool(found) and current not in found

    async def extract_booking_date(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        button = c.button_slot(tracker)
        if button:
            return {"booking_date": button[1]}
        text = c.text_of(tracker)
        if text.startswith("/"):
            return {}
        if c.requested(tracker, "booking_date") and not self._names_other(text, tracker):
            return {"booking_date": text}
        if self._quiet(tracker):
            return {}
        try:
            found = find_date(text, c.now().date())
        except WhenError:
            return {"booking_date": text}  # an impossible date: validation explains
        if found is None or found.isoformat() == tracker.get_slot("booking_date"):
            return {}
        return {"booking_date": text}

    async def extract_booking_time(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        button = c.button_slot(tracker)
        if button:
            return {"booking_time": button[2]}
        text = c.text_of(tracker)
        if text.startswith("/") or self._quiet(tracker):
            return {}
        asked = c.requested(tracker, "booking_time")
        if asked and (answers.is_earliest(text) or answers.is_whatever(text)):
            return {"booking_time": "earliest"}
        try:
            found = find_time(text)
        except WhenError:
            return {"booking_time": text} if asked else {}
        result: dict[str, Any] = {}
        if found is not None and found.period:
            result["booking_period"] = found.period
        if found is not None and found.at is not None:
            result["booking_time"] = found.at.strftime("%H:%M")
            if found.end is not None and found.end > found.at:
                start = found.at.hour * 60 + found.at.minute
                result["booking_duration"] = str(found.end.hour * 60 + found.end.minute - start)
        elif asked and not result and not self._names_other(text, tracker):
            result["booking_time"] = text
        return result

    async def extract_booking_duration(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = c.text_of(tracker)
        if text.startswith("/") or self._quiet(tracker):
            return {}
        minutes = find_duration_minutes(text)
        if minutes is None and find_people(text) is not None:
            return {}  # "2 orang" to "berapa lama?": the people's count, not 2 hours
        if c.requested(tracker, "booking_duration") and not self._names_other(text, tracker):
            return {"booking_duration": text}
        return {"booking_duration": str(minutes)} if minutes else {}

    async def extract_booking_confirm(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not c.requested(tracker, "booking_confirm"):
            return {}
        return {"booking_confirm": c.text_of(tracker)}

    # ---- validation, each slot on its own (None: a cleared slot, nothing to check)

    def validate_booking_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_date": None}
        text = str(value)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return {"booking_date": text}
        today = c.now().date()
        try:
            day = find_date(text, today)
            if day is None:
                raise WhenError("date_unknown")
            if day < today:
                raise WhenError("date_past", date=c.format_date(day))
        except WhenError as error:
            log.info("date refused (%s)", error.code)
            c.say_error(dispatcher, error)
            return {"booking_date": None}
        return {"booking_date": day.isoformat()}

    def validate_booking_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_time": None}
        text = str(value)
        fac, day = c.facility(tracker), c.slot_date(tracker)
        if whole_day(text) and (find_time(text) or _NO_TIME).at is None:
            return {"booking_time": None}  # "seharian": from opening time (stays.py)
        if text == "earliest":
            free = free_starts(tracker, fac, day) if fac and day else []
            if not free:
                dispatcher.utter_message(response="utter_booking_err_time_unknown")
                return {"booking_time": None}
            return {"booking_time": free[0].strftime("%H:%M")}
        explicit = False  # a part of the day said with the hour ("jam 5 pagi")
        if re.fullmatch(r"\d{2}:\d{2}", text):
            at = time.fromisoformat(text)
            explicit = c.button_slot(tracker) is not None or bool(
                (find_time(c.text_of(tracker)) or _NO_TIME).period
            )
        else:
            try:
                found = find_time(text)
            except WhenError as error:
                c.say_error(dispatcher, error)
                return {"booking_time": None}
            if found is None or found.at is None:
                dispatcher.utter_message(response="utter_booking_err_time_unknown")
                return {"booking_time": None}
            at, explicit = found.at, found.period is not None
        if not explicit and not _tapped(tracker):
            at = self._afternoon_if_closed(at, tracker)
        return {"booking_time": at.strftime("%H:%M")}

    def _asked_hour(self, tracker: Tracker) -> time | None:
        """The clock time the latest message names, read as validation reads it."""
        try:
            found = find_time(c.text_of(tracker))
        except WhenError:
            return None
        if found is None or found.at is None:
            return None
        return found.at if found.period else self._afternoon_if_closed(found.at, tracker)

    @staticmethod
    def _afternoon_if_closed(at: time, tracker: Tracker) -> time:
        """ "jam 3" for a place open 06.00-22.00 means 15.00 (no one books at 3 at night)."""
        fac, day = c.facility(tracker), c.slot_date(tracker)
        opening = fac.opening(day) if fac and day else None
        if opening and not opening[0] <= at < opening[1] and at.hour < 12:
            later = at.replace(hour=at.hour + 12)
            if opening[0] <= later < opening[1]:
                return later
        period = tracker.get_slot("booking_period")
        if period in PERIODS and at.hour < 12 and PERIODS[period][0] >= 12:
            return at.replace(hour=at.hour + 12)
        return at

    def validate_booking_duration(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_duration": None}
        text = str(value)
        if whole_day(text):
            return {"booking_duration": None}  # "seharian": until closing time (stays.py)
        minutes = int(text) if text.isdigit() and int(text) >= 15 else find_duration_minutes(text)
        if minutes is None:
            minutes = until_minutes(text, tracker.get_slot("booking_time"))
        if minutes is None:
            hours = numbers.parse_number(text)  # "2" to "berapa lama?" means hours
            minutes = hours * 60 if hours and hours <= 12 else None
        if minutes is None:
            dispatcher.utter_message(response="utter_booking_err_duration_unknown")
            return {"booking_duration": None}
        return {"booking_duration": str(minutes)}

    async def _extract_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await self.get_validation_events(dispatcher, tracker, domain)
        period = tracker.slots_to_validate().get("booking_period")
        if period is not None and all(e.get("name") != "booking_period" for e in events):
            # "besok sore aja": the part of the day is no form slot, rasa-sdk would drop it
            events.append(SlotSet("booking_period", period))
        tracker.add_slots(events)
        stay = long_stay(dispatcher, tracker)  # "seharian", "tanggal 14 sampai 16"
        tracker.add_slots(stay)
        events.extend(stay)
        fixes = self.check(dispatcher, tracker)
        tracker.add_slots(fixes)
        events.extend(fixes)
        next_slot = await self.next_requested_slot(dispatcher, tracker, domain)
        if next_slot:
            events.append(next_slot)
        return events

    def check(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        fixes = check_combination(dispatcher, tracker, exclude_id=None)
        return [*fixes, SlotSet("booking_confirm", None)] if fixes else []

    def validate_booking_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"booking_confirm": None}
        text = str(value)
        if is_correction(text) or CHANGED.search(text):
            # "ganti jamnya jam 10", "jamnya diganti jam 5 aja": the summary comes again
            return {"booking_confirm": None}
        if self._other_facility(text) or aside(text, c.facility(tracker), c.catalogue()):
            # "ada AC-nya nggak?" is no "nggak" to the summary; [Pindah ke ...] moves it
            return {"booking_confirm": None}
        picked = short_choice(text, CONFIRM_TITLES)
        said = answers.yes_no(text)
        if text == "ya" or picked == 0 or said is True:
            return {"booking_confirm": "ya"}
        if text == "batal" or picked == 1 or said is False:
            return {"booking_confirm": "tidak"}
        dispatcher.utter_message(response="utter_booking_err_confirm_unclear")
        return {"booking_confirm": None}


def until_minutes(text: str, start: Any) -> int | None:
    """ "sampai jam 10 malam" to "how long?": the minutes from the start already chosen
    (HH:MM) to that end; an end said on the 12-hour clock is taken after the start."""
    try:
        found = find_time(text)
    except WhenError:
        return None
    if found is None or found.end is None or not isinstance(start, str) or ":" not in start:
        return None
    begin = int(start[:2]) * 60 + int(start[3:5])
    end = found.end.hour * 60 + found.end.minute
    if end <= begin and found.end.hour < 12:
        end += 12 * 60
    return end - begin if end > begin else None


def _tapped(tracker: Tracker) -> bool:
    """The message is a time button's payload or title ("jam 10.00"): the time as shown,
    not moved to the evening said earlier ("malam jam 9" refused, then [10.00] tapped was
    read as 22.00, 'di luar jam buka': full bench g-13, g-17, x-10)."""
    text = c.text_of(tracker).strip().lower()
    return any(
        text in (str(b.get("payload", "")).lower(), str(b.get("title", "")).lower())
        for b in offered_buttons(tracker)
    )
