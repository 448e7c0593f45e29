"""Long stays asked for in the booking form: the whole day ("seharian", "dari pagi sampai
sore") and several days ("tanggal 14 sampai 16 Desember", "tiga hari berturut-turut"), words
read by :mod:`core.lang.stay`. Checked after each turn's answers are in (schedule.py), so the
facility and the day said in the same message are known.

- the whole day: from the opening hour (or the hour said) to closing time, as long as one
  booking may last; said so, with the hours, and the longest booking when that is shorter;
- several days: one booking holds one day; the first day is booked now and the others are
  named, to be booked the same way afterwards (the day read alone was the last day named,
  "16 Desember").
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import common as c
from core.lang.stay import days_span, whole_day
from core.lang.when import format_date, format_time
from core.texts import t


def long_stay(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """The events (and the words said) for a whole day or several days asked for in the
    latest message; none when it asks neither."""
    text = c.text_of(tracker)
    if text.startswith("/"):
        return []
    events = _several_days(dispatcher, tracker, text, c.now().date())
    tracker.add_slots(events)
    return events + _whole_day(dispatcher, tracker, text)


def _several_days(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, today: date
) -> list[EventType]:
    span = days_span(text, today)
    if span is None:
        return []
    first, last = span
    second = first + timedelta(days=1)
    if last == second:
        said = t("actions.booking_days_span", first=format_date(first), other=format_date(last))
    else:
        said = t(
            "actions.booking_days_span_many",
            first=format_date(first),
            second=format_date(second),
            last=format_date(last),
        )
    dispatcher.utter_message(text=" ".join(said.split()))
    return [SlotSet("booking_date", first.isoformat())]


def _whole_day(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[EventType]:
    fac, day = c.facility(tracker), c.slot_date(tracker)
    if fac is None or day is None or not whole_day(text):
        return []
    opening = fac.opening(day)
    if opening is None:
        return []  # closed that day: the combination check says so
    start = c.slot_time(tracker) or opening[0]
    if not opening[0] <= start < opening[1]:
        start = opening[0]
    begin = datetime.combine(day, start)
    room = int((datetime.combine(day, opening[1]) - begin).total_seconds() // 60)
    minutes = min(room, fac.max_duration_minutes)
    minutes -= minutes % fac.slot_minutes
    if minutes < fac.min_duration_minutes:
        return []
    values = {
        "facility": fac.name,
        "date": format_date(day),
        "open": format_time(opening[0]),
        "close": format_time(opening[1]),
        "start": format_time(start),
        "end": format_time(begin + timedelta(minutes=minutes)),
        "max": str(fac.max_duration_minutes // 60),
    }
    key = "booking_whole_day" if minutes >= room else "booking_whole_day_max"
    dispatcher.utter_message(text=" ".join(t(f"actions.{key}", **values).split()))
    return [
        SlotSet("booking_time", start.strftime("%H:%M")),
        SlotSet("booking_duration", str(minutes)),
    ]
