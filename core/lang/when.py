"""Dates, times, durations and head counts as citizens write or say them, in Asia/Jakarta.

No hidden clock: every function that needs the present takes ``today`` or ``now``.

- :func:`find_date` ("besok", "lusa", "minggu depan" = in 7 days, "sabtu minggu depan",
  "tanggal 5", "5 des", "05/12", "akhir pekan", "awal bulan depan"; rules in
  :mod:`core.lang.dates`), :func:`parse_date` (the same, refusing unknown and past dates);
- :func:`find_time` -> :class:`TimeFound` ("malam jam 7" 19.00, "jam 3 sore", "pukul 15.00",
  "jam setengah 8", ranges "jam 9 sampai 12"), :func:`scan_time` (also the text without it);
- :func:`find_duration_minutes` ("sejam", "setengah jam", "2 jam-an", "1,5 jam");
- :func:`find_people` ("10 orang", "berlima", "kami ber-10");
- :data:`PERIODS`, :data:`DEFAULT_HOUR`, :func:`hour_in_period`: the one table of parts of
  the day; :class:`WhenError` with the codes the booking responses use;
- :func:`format_date` ("Sabtu, 5 Desember 2026"), :func:`format_time` ("08.00").
"""

from __future__ import annotations

from datetime import date, datetime, time

from core.lang import dates
from core.lang.calendar_id import (
    DEFAULT_HOUR,
    MONTH_NUMBERS,
    MONTHS,
    PERIOD_ALIASES,
    PERIODS,
    TZ,
    WEEKDAYS,
    WhenError,
    checked_date,
    format_date,
    format_time,
    hour_in_period,
    period_name,
    period_of,
)
from core.lang.clock import (
    TimeFound,
    find_duration_minutes,
    find_people,
    find_time,
    prepare,
    scan_time,
)

__all__ = [
    "DEFAULT_HOUR",
    "MONTHS",
    "MONTH_NUMBERS",
    "PERIODS",
    "PERIOD_ALIASES",
    "TZ",
    "WEEKDAYS",
    "TimeFound",
    "WhenError",
    "check_future",
    "checked_date",
    "find_date",
    "find_duration_minutes",
    "find_people",
    "find_time",
    "format_date",
    "format_time",
    "hour_in_period",
    "local",
    "parse_date",
    "period_name",
    "period_of",
    "scan_time",
]


def find_date(text: str, today: date) -> date | None:
    """The date ``text`` names, or None. Raises WhenError('date_invalid') for a day the
    month does not have ("31 Februari"). Past dates are returned: see :func:`parse_date`."""
    return dates.find_date(prepare(text), today)


def parse_date(text: str, today: date) -> date:
    """The date ``text`` names, today or later; WhenError ``date_unknown``, ``date_invalid``
    or ``date_past`` (param ``date``, the refused date written out) otherwise."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        _found, rest = scan_time(text)
        found = dates.find_date(rest, today)
        if found is None:
            raise WhenError("date_unknown") from None
        day = found
    if day < today:
        raise WhenError("date_past", date=format_date(day))
    return day


def local(day: date, at: time) -> datetime:
    """The moment ``at`` on ``day`` in Jakarta."""
    return datetime.combine(day, at, tzinfo=TZ)


def check_future(start: datetime, now: datetime) -> None:
    """WhenError('time_past') when ``start`` is not after ``now``."""
    if start <= now:
        raise WhenError("time_past", date=format_date(start.date()), time=format_time(start))
