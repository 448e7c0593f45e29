"""The booking forms' questions, each with the buttons that answer it (free dates, free
times in the part of the day the citizen named, durations), and the summaries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import common as c
from actions.booking.checks import free_starts
from actions.forms import prompts
from actions.forms.asking import AskAction, plain_ask_actions
from app.services import bookings as svc
from app.services.facilities import Facility
from core.lang.when import PERIODS, format_date, format_time, local
from core.texts import t

plain_ask_actions(["booking_name", "booking_phone", "booking_code"], globals())


class ActionAskBookingFacility(AskAction):
    slot = "booking_facility"

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if _uttered_this_turn(tracker, "utter_booking_which_facility"):
            return []  # validation already asked "which one?" with the matching facilities
        dispatcher.utter_message(
            response="utter_ask_booking_facility",
            buttons=c.facility_buttons(c.catalogue().facilities),
        )
        return []


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


def _full_said(tracker: Tracker, day: str) -> int:
    """How many times this conversation was told that `day` (as written) is full."""
    return sum(
        1
        for e in tracker.events
        if e.get("event") == "bot"
        and (e.get("metadata") or {}).get("utter_action") == "utter_booking_day_full"
        and day in str(e.get("text") or "")
    )


def date_buttons(tracker: Tracker, around: date | None = None) -> list[dict[str, str]]:
    """Up to four coming days with free times: the first ones, or the ones nearest to the
    day ``around`` when one was asked for and refused ("hari minggu" at the library, closed:
    Saturday and Monday, not the days of this week; bench v-10)."""
    fac = c.facility(tracker)
    if fac is None:
        return []
    today = c.now().date()
    last = today + timedelta(days=fac.max_notice_days)
    first = today if around is None else max(today, around - timedelta(days=4))
    days: list[date] = []
    with c.session() as session:
        day = first
        while len(days) < 8 and day <= last:
            if svc.free_slots(session, fac, day, now=c.now()):
                days.append(day)
            day += timedelta(days=1)
    if around is not None:
        days = sorted(sorted(days, key=lambda d: (abs((d - around).days), d))[:4])
    return [{"title": format_date(d), "payload": d.isoformat()} for d in days[:4]]


def limits(slot: str, tracker: Tracker) -> dict[str, Any]:
    """Bounds for the structured prompt: the days that can be booked, the day's opening
    hours and grid, the capacity."""
    fac = c.facility(tracker)
    if fac is None:
        return {}
    if slot == "booking_date":
        today = c.now().date()
        return {
            "min": today.isoformat(),
            "max": (today + timedelta(days=fac.max_notice_days)).isoformat(),
        }
    day = c.slot_date(tracker)
    opening = fac.opening(day) if day else None
    if slot == "booking_time" and opening:
        return {
            "min": f"{opening[0]:%H:%M}",
            "max": f"{opening[1]:%H:%M}",
            "step_minutes": fac.slot_minutes,
        }
    if slot == "booking_people":
        return {"max": fac.capacity}
    return {}


def longest_minutes(tracker: Tracker, fac: Facility) -> int:
    """The longest booking from the start already chosen: the facility's longest, or less
    when it closes sooner (from 15.00 with closing at 16.00: 1 hour, not 8)."""
    day, at = c.slot_date(tracker), c.slot_time(tracker)
    opening = fac.opening(day) if day else None
    if opening is None or at is None or not opening[0] <= at < opening[1]:
        return fac.max_duration_minutes
    to_close = (opening[1].hour - at.hour) * 60 + opening[1].minute - at.minute
    if to_close < fac.min_duration_minutes:
        return fac.max_duration_minutes
    return min(fac.max_duration_minutes, to_close)


def duration_buttons(tracker: Tracker) -> list[dict[str, str]]:
    fac = c.facility(tracker)
    buttons: list[dict[str, str]] = []
    if fac is not None:
        m, longest = fac.min_duration_minutes, longest_minutes(tracker, fac)
        while m <= longest and len(buttons) < 4:
            label = f"{m // 60} jam" if m % 60 == 0 else f"{m} menit"
            buttons.append({"title": label, "payload": label})
            m += fac.slot_minutes
    return buttons


class ActionAskBookingDate(AskAction):
    slot = "booking_date"

    def limits(self, tracker: Tracker) -> dict[str, Any]:
        return limits(self.slot, tracker)

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        fac = c.facility(tracker)
        dispatcher.utter_message(
            response="utter_ask_booking_date",
            facility=fac.name if fac else "fasilitas",
            buttons=date_buttons(tracker),
        )
        return []


class ActionAskBookingTime(AskAction):
    """The start time, with the free starts of that day (in the part of the day the
    citizen named, if any) as buttons."""

    slot = "booking_time"

    def limits(self, tracker: Tracker) -> dict[str, Any]:
        return limits(self.slot, tracker)

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        fac = c.facility(tracker)
        day = c.slot_date(tracker)
        if fac is None or day is None:
            dispatcher.utter_message(response="utter_ask_booking_time_plain")
            return []
        free = free_starts(tracker, fac, day, exclude_id=c.own_booking_id(tracker))
        picked: list[EventType] = []
        days = date_buttons(tracker) if not free else []
        if not free and days and _full_said(tracker, format_date(day)) >= 2:
            # the same full day a third time: the next free day, said (no loop)
            later = [d["payload"] for d in days if d["payload"] > day.isoformat()]
            day = date.fromisoformat((later or [days[0]["payload"]])[0])
            dispatcher.utter_message(text=t("actions.booking_day_picked", date=format_date(day)))
            picked = [SlotSet("booking_date", day.isoformat())]
            tracker.add_slots(picked)
            free = free_starts(tracker, fac, day, exclude_id=c.own_booking_id(tracker))
        if not free:  # the day is full: the next answer is another day, not a time
            dispatcher.utter_message(
                response="utter_booking_day_full",
                facility=fac.name,
                date=format_date(day),
                buttons=days,
            )
            prompts.tag(
                dispatcher.messages[-1],
                "booking_date",
                tracker,
                domain,
                limits("booking_date", tracker),
            )
            return [SlotSet("booking_date", None), SlotSet("requested_slot", "booking_date")]
        period = tracker.get_slot("booking_period")
        shown = [
            s
            for s in free
            if period in PERIODS and PERIODS[period][0] <= s.hour < PERIODS[period][1]
        ] or free
        opening = fac.opening(day)
        dispatcher.utter_message(
            response="utter_ask_booking_time",
            facility=fac.name,
            date=format_date(day),
            open=format_time(opening[0]) if opening else "",
            close=format_time(opening[1]) if opening else "",
            buttons=c.time_buttons(shown[: c.MAX_BUTTONS]),
        )
        return picked


class ActionAskBookingDuration(AskAction):
    slot = "booking_duration"

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        fac = c.facility(tracker)
        dispatcher.utter_message(
            response="utter_ask_booking_duration",
            min_hours=svc._hours(fac.min_duration_minutes) if fac else "1",
            max_hours=svc._hours(longest_minutes(tracker, fac)) if fac else "2",
            buttons=duration_buttons(tracker),
        )
        return []


class ActionAskBookingPeople(AskAction):
    slot = "booking_people"

    def limits(self, tracker: Tracker) -> dict[str, Any]:
        return limits(self.slot, tracker)

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        fac = c.facility(tracker)
        dispatcher.utter_message(
            response="utter_ask_booking_people", capacity=str(fac.capacity) if fac else "-"
        )
        return []


class ActionAskBookingConfirm(AskAction):
    """The summary of what will be done (book, cancel, reschedule), as the last question."""

    slot = "booking_confirm"

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        form = (tracker.active_loop or {}).get("name")
        if form == "cancel_booking_form":
            return cancel_summary(dispatcher, tracker)
        if form == "reschedule_booking_form":
            return reschedule_summary(dispatcher, tracker)
        fac = c.facility(tracker)
        if fac is None:
            return [SlotSet("booking_pending", None)]
        dispatcher.utter_message(response="utter_booking_summary", **c.describe_slots(tracker, fac))
        return [SlotSet("booking_pending", "book")]


def cancel_summary(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    with c.session() as session:
        booking = svc.find_by_code(session, str(tracker.get_slot("booking_code") or ""))
    if booking is None:
        dispatcher.utter_message(response="utter_booking_nothing_pending")
        return []
    dispatcher.utter_message(response="utter_booking_cancel_confirm", **c.describe(booking))
    return [SlotSet("booking_pending", "cancel")]


def reschedule_summary(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    with c.session() as session:
        booking = svc.find_by_code(session, str(tracker.get_slot("booking_code") or ""))
    day, at = c.slot_date(tracker), c.slot_time(tracker)
    if booking is None or day is None or at is None:
        dispatcher.utter_message(response="utter_booking_nothing_pending")
        return []
    old = c.describe(booking)
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
