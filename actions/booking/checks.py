"""The whole combination, checked after every turn: opening hours, closed days, notice,
capacity, free or taken. Only the slot at fault is cleared, with the reason; a refused or
taken time always comes with the nearest free times as buttons."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import common as c
from actions.forms.base import ATTEMPTS
from app.services import bookings as svc
from app.services.facilities import Facility
from core.lang.when import format_date, format_time, local

log = logging.getLogger(__name__)

# Which slot a refused combination clears.
CLEAR_FOR = {
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
NEAREST = 4  # free times offered after a refusal


def free_starts(
    tracker: Tracker, fac: Facility, day: date, *, exclude_id: int | None = None
) -> list[datetime]:
    minutes = c.slot_int(tracker, "booking_duration")
    with c.session() as s:
        return svc.free_slots(s, fac, day, minutes=minutes, now=c.now(), exclude_id=exclude_id)


LATE_NIGHT_END = 4  # a time asked for before 04.00 is the night's end, after the last start


def nearest(starts: list[datetime], around: time | None, count: int = NEAREST) -> list[datetime]:
    """The free starts closest to the time asked for, in the order of the day."""
    if around is None:
        return starts[:count]
    target = around.hour * 60 + around.minute
    if target < LATE_NIGHT_END * 60:  # "jam 12 malam", "jam 1 malam": late, not early
        target += 24 * 60  # (bench t-19 got 06.00 as the nearest to midnight)
    close = sorted(starts, key=lambda s: abs(s.hour * 60 + s.minute - target))[:count]
    return sorted(close)


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
    the SlotSet(None) events for the slot at fault, after explaining why."""
    fac = facility or c.facility(tracker)
    day = c.slot_date(tracker)
    if fac is None or day is None:
        return []
    now = c.now()
    at = c.slot_time(tracker)
    minutes = minutes or c.slot_int(tracker, "booking_duration")
    people = people if people is not None else c.slot_int(tracker, "booking_people")
    with c.session() as session:
        if at is None:
            # Only the day is known: open that day, within the horizon, big enough?
            try:
                svc.check_day(session, fac, day, people, now)
            except svc.BookingError as error:
                log.info("booking day refused: %s", error.code)
                c.say_error(dispatcher, error)
                return [SlotSet(CLEAR_FOR.get(error.code, "booking_date"), None)]
            return []
        start = local(day, at)
        length = minutes or fac.min_duration_minutes
        try:
            svc.check_rules(session, fac, start, length, people, now)
        except svc.BookingError as error:
            slot = CLEAR_FOR.get(error.code)
            if error.code == "outside_hours":
                opening = fac.opening(day)
                start_ok = opening is not None and opening[0] <= at < opening[1]
                slot = "booking_duration" if (start_ok and minutes) else "booking_time"
            log.info("booking combination refused: %s", error.code)
            c.say_error(dispatcher, error)
            if slot in (None, "booking_time"):
                offer_times(dispatcher, tracker, fac, day, at, exclude_id)
            return [SlotSet(slot or "booking_time", None)]
        clash = svc.overlapping(
            session, fac.id, start, start + timedelta(minutes=length), exclude_id=exclude_id
        )
    if clash and minutes and fits_from(fac, start, length, exclude_id) >= fac.min_duration_minutes:
        # the start is free, the length is not: "from 08.00 it is free until 09.00"
        room = fits_from(fac, start, length, exclude_id)
        log.info("asked length taken; the start is free for %d minutes", room)
        dispatcher.utter_message(
            response="utter_booking_err_too_long_there",
            facility=fac.name,
            time=format_time(at),
            until=format_time(start + timedelta(minutes=room)),
            buttons=[
                {"title": f"{m // 60} jam", "payload": f"{m // 60} jam"}
                for m in range(fac.min_duration_minutes, room + 1, 60)
            ][:4],
        )
        return [SlotSet("booking_duration", None)]
    if clash:
        log.info("asked time taken; offering the nearest free times")
        free = free_starts(tracker, fac, day, exclude_id=exclude_id)
        buttons = c.time_buttons(nearest(free, at))
        if not buttons:
            return day_full(dispatcher, tracker, fac, day)
        dispatcher.utter_message(
            response="utter_booking_err_slot_busy",
            facility=fac.name,
            date=format_date(day),
            time=format_time(at),
            buttons=buttons,
        )
        if tracker.get_slot("requested_slot") != "booking_time":
            # the hour came before its question (the opening message): this refusal is the
            # time question's first asking, so a second taken hour gets the nearest free
            # start, not a third refusal (bench t-07, b-aula-04)
            return [SlotSet("booking_time", None), SlotSet(ATTEMPTS, "booking_time:1")]
        return [SlotSet("booking_time", None)]
    return []


def day_full(
    dispatcher: CollectingDispatcher, tracker: Tracker, fac: Facility, day: date
) -> list[EventType]:
    """The day asked is full: said so, with the free days around it; the day is asked
    again and the hour kept (bench w-19 was offered Thursday's times under "Rabu 10.00
    sudah dipesan", and "jam 10 pagi" booked Thursday; before that, the time question
    followed with the day-full message as a second question)."""
    from actions.booking.asking import date_buttons  # (asking reads this module)

    log.info("asked day full; offering the days around it")
    dispatcher.utter_message(
        response="utter_booking_day_full",
        facility=fac.name,
        date=format_date(day),
        buttons=[b for b in date_buttons(tracker, around=day) if b["payload"] != day.isoformat()],
    )
    return [SlotSet("booking_date", None)]


def fits_from(fac: Facility, start: datetime, length: int, exclude_id: int | None) -> int:
    """How many minutes from ``start`` are free (in slot steps, below ``length``)."""
    room = 0
    with c.session() as session:
        while room + fac.slot_minutes < length:
            step = start + timedelta(minutes=room)
            end = step + timedelta(minutes=fac.slot_minutes)
            if svc.overlapping(session, fac.id, step, end, exclude_id=exclude_id):
                break
            room += fac.slot_minutes
    return room


def offer_times(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    fac: Facility,
    day: date,
    around: time | None,
    exclude_id: int | None,
) -> None:
    """Attach the nearest free times to the refusal just said (one message)."""
    free = free_starts(tracker, fac, day, exclude_id=exclude_id)
    if dispatcher.messages and free:
        last = dispatcher.messages[-1]
        last["buttons"] = c.time_buttons(nearest(free, around))
