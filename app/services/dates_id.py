"""Compatibility layer over :mod:`core.lang.when`, the one Indonesian date and time reader.

New code imports :mod:`core.lang.when` directly. This module keeps the names older callers
and tests import (``DateTimeError``, ``parse_date(text, now)``, ``find_time`` returning a
tuple, ``parse_when``), with the booking rules that sit on top of the language core:

- a clock hour 1-5 said without a part of the day is afternoon (facilities open 06-22):
  "jam 3" is 15.00;
- a bare number answers the question asked: "15" to "jam berapa?" is 15.00, "2" to "berapa
  lama?" is two hours, "120" is minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from core.lang import when
from core.lang.numbers import parse_number
from core.lang.when import (
    MONTHS,
    PERIODS,
    TZ,
    WEEKDAYS,
    WhenError,
    find_duration_minutes,
    find_people,
    format_date,
    format_time,
    local,
)

__all__ = [
    "MONTHS",
    "PERIODS",
    "TZ",
    "WEEKDAYS",
    "DateTimeError",
    "When",
    "check_future",
    "find_date",
    "find_duration_minutes",
    "find_people",
    "find_time",
    "format_date",
    "format_time",
    "local",
    "now_local",
    "parse_date",
    "parse_duration_minutes",
    "parse_people",
    "parse_time",
    "parse_when",
    "weekday_name",
]

DateTimeError = WhenError


@dataclass(frozen=True)
class When:
    day: date | None = None
    at: time | None = None
    period: str | None = None  # pagi / siang / sore / malam, when no clock time was given


def now_local() -> datetime:
    return datetime.now(TZ)


def _opening_hours(at: time, period: str | None) -> time:
    if period is None and 1 <= at.hour <= 5:
        return at.replace(hour=at.hour + 12)
    return at


def find_time(text: str) -> tuple[time | None, str | None, str]:
    """The clock time in ``text`` (or None), a part of the day given without a clock time,
    and the text with the time removed. Raises DateTimeError for an impossible time."""
    found, rest = when.scan_time(text)
    if found is None:
        return None, None, rest
    at = found.at or found.end
    if at is None:
        return None, found.period, rest
    return _opening_hours(at, found.period), None, rest


def find_date(text: str, today: date) -> date | None:
    """The date in ``text`` (see :func:`core.lang.when.find_date`)."""
    return when.find_date(text, today)


def parse_time(text: str) -> time:
    """A clock time ("jam 3 sore", "pukul 15.00", "15:30", "08.00"); raises DateTimeError."""
    at, _period, _rest = find_time(text)
    if at is not None:
        return at
    bare = text.strip()
    if re.fullmatch(r"\d{1,2}", bare) and int(bare) <= 24:  # a bare hour to "jam berapa?"
        return _opening_hours(time(int(bare) % 24), None)
    raise DateTimeError("time_unknown")


def parse_when(text: str, now: datetime | None = None) -> When:
    """Date, clock time and part of the day in one message."""
    now = (now or now_local()).astimezone(TZ)
    at, period, rest = find_time(text)
    day = when.find_date(rest, now.date()) if rest else None
    return When(day=day, at=at, period=period)


def parse_date(text: str, now: datetime | None = None) -> date:
    """A date that is today or later; raises DateTimeError (unknown, invalid, past)."""
    now = (now or now_local()).astimezone(TZ)
    return when.parse_date(text, now.date())


def check_future(start: datetime, now: datetime | None = None) -> None:
    when.check_future(start, now or now_local())


def weekday_name(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def parse_duration_minutes(text: str) -> int:
    """A length of time in minutes; a bare number up to 12 means hours ("2"), above that
    minutes ("90", and the form's own stored value "120"). Raises DateTimeError."""
    found = find_duration_minutes(text)
    if found is not None:
        return found
    bare = text.strip()
    if re.fullmatch(r"\d{1,3}", bare) and int(bare) > 0:
        number = int(bare)
        return number * 60 if number <= 12 else number
    raise DateTimeError("duration_unknown")


def parse_people(text: str) -> int | None:
    """A head count: "10 orang", "berlima", or a bare number ("10", "sepuluh")."""
    found = find_people(text)
    return found if found is not None else parse_number(text)
