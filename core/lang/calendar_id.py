"""The Indonesian calendar tables every date and time reader shares (one copy each):
weekdays, months, parts of the day and their hours, and the error a refused date or time
raises. Re-exported by :mod:`core.lang.when`; import from there.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Jakarta")

WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
WEEKDAY_ALIASES = {"ahad": "minggu", "jumaat": "jumat", "jemuah": "jumat", "snin": "senin"}
# Javanese and Sundanese names of the days ("dinten Kemis", "Rebo", "Salasa")
WEEKDAY_ALIASES |= {"kemis": "kamis", "rebo": "rabu", "jemuwah": "jumat", "setu": "sabtu"}
WEEKDAY_ALIASES |= {"salasa": "selasa", "saptu": "sabtu", "jumaah": "jumat"}
WEEKDAY_NUMBERS = {name: i for i, name in enumerate(WEEKDAYS)} | {
    alias: WEEKDAYS.index(name) for alias, name in WEEKDAY_ALIASES.items()
}
MONTHS = (
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
)
MONTH_ABBR = {
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "pebruari": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "agus": 8,
    "ags": 8,
    "agst": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "nop": 11,
    "nopember": 11,
    "des": 12,
    "dec": 12,
    "desem": 12,
    # English names, as Whisper sometimes writes an Indonesian month it heard ("December")
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
}
MONTH_NUMBERS = {name: i + 1 for i, name in enumerate(MONTHS)} | MONTH_ABBR

# Parts of the day: (first hour, end hour), the one table for bookings, slot filters and
# spoken times; DEFAULT_HOUR is the hour a part of the day stands for when no clock time
# is given ("sabtu pagi" -> 08.00).
PERIODS: dict[str, tuple[int, int]] = {
    "pagi": (4, 11),
    "siang": (11, 15),
    "sore": (15, 18),
    "malam": (18, 24),
}
DEFAULT_HOUR: dict[str, int] = {"pagi": 8, "siang": 12, "sore": 16, "malam": 19}
PERIOD_ALIASES = {"petang": "sore", "subuh": "pagi", "dini": "pagi", "siyang": "siang"}


class WhenError(ValueError):
    """A date, time or duration we cannot accept. ``code`` names the Rasa response that
    explains it (``utter_booking_err_<code>``); ``params`` fill its slots:

    - ``date_unknown``, ``time_unknown``, ``duration_unknown``: nothing understood;
    - ``date_invalid``: no such day (``day``, ``month``, ``last_day``: "31 Februari");
    - ``date_past`` (``date``), ``time_past`` (``date``, ``time``).

    The params never hold the citizen's own words: a response given a ``text`` parameter
    would show it instead of the response's text.
    """

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code} {params}")
        self.code = code
        self.params: dict[str, object] = dict(params)


def period_name(word: str) -> str | None:
    """The canonical part of the day for a word ("petang" -> "sore"), or None."""
    word = PERIOD_ALIASES.get(word, word)
    return word if word in PERIODS else None


def hour_in_period(hour: int, period: str | None) -> int:
    """A 12-hour clock hour said with a part of the day as a 24-hour hour: 7 malam -> 19,
    3 sore -> 15, 1 siang -> 13, 12 siang -> 12, 12 malam -> 0, 2 malam (after midnight) -> 2.
    Without a part of the day the hour is returned as given."""
    if period is None or hour > 12:
        return hour % 24
    if period == "pagi":
        return 0 if hour == 12 else hour
    if period == "siang":
        return hour + 12 if hour < 6 else hour
    if period == "sore":
        return hour + 12 if hour < 12 else hour
    if period == "malam":
        if hour == 12:
            return 0
        return hour + 12 if hour >= 5 else hour
    return hour


def period_of(at: time) -> str:
    """The part of the day a clock time falls in (00.00-03.59 counts as malam)."""
    for name, (first, end) in PERIODS.items():
        if first <= at.hour < end:
            return name
    return "malam"


def checked_date(year: int, month: int, day: int) -> date:
    """The date, or WhenError('date_invalid') for a day the month does not have."""
    if not 1 <= month <= 12:
        raise WhenError("date_unknown")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise WhenError(
            "date_invalid", day=day, month=MONTHS[month - 1].capitalize(), last_day=last
        )
    return date(year, month, day)


def format_date(day: date) -> str:
    """ "Sabtu, 5 Desember 2026"."""
    weekday = WEEKDAYS[day.weekday()].capitalize()
    return f"{weekday}, {day.day} {MONTHS[day.month - 1].capitalize()} {day.year}"


def format_time(value: time | datetime) -> str:
    """ "08.00" (the Indonesian way of writing clock times); a datetime in Jakarta time."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(TZ)
        value = value.time()
    return f"{value.hour:02d}.{value.minute:02d}"
