"""Indonesian dates and times as citizens write them: "besok", "lusa", "sabtu depan",
"tanggal 5 Desember", "jam 3 sore", "pukul 15.00", "setengah 4 sore", "pagi/siang/sore/malam".

``dateparser`` (language ``id``) reads dates written with month names or numbers and the
words it knows (besok, hari ini, kemarin). What it does not read is handled here by hand,
in small rules: "lusa", "N hari lagi", weekday names with "ini"/"depan", Indonesian clock
times with a part of the day, and impossible dates (31 Februari), which dateparser would
silently drop. Everything is local time in Asia/Jakarta.

Weekdays: "sabtu" and "sabtu ini" are the coming Saturday (today if today is Saturday);
"sabtu depan" is the Saturday of next week (calendar weeks start on Monday). The booking
summary always shows the full date, so the citizen can correct us.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser

TZ = ZoneInfo("Asia/Jakarta")

WEEKDAYS = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"]
WEEKDAY_ALIASES = {"jum'at": "jumat", "jumaat": "jumat", "ahad": "minggu", "sbtu": "sabtu"}
MONTHS = [
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
]
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
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
}
MONTH_NUMBERS = {name: i + 1 for i, name in enumerate(MONTHS)} | MONTH_ABBR
# Parts of the day: (first hour, end hour) as they are used for bookings.
PERIODS: dict[str, tuple[int, int]] = {
    "pagi": (6, 11),
    "siang": (11, 15),
    "sore": (15, 18),
    "malam": (18, 22),
}
NUMBER_WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "dua belas": 12,
}


class DateTimeError(ValueError):
    """A date or time we cannot accept. ``code`` names the Rasa response that explains it:

    date_unknown, date_invalid (31 Februari), date_past, time_unknown, time_past.
    """

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code} {params}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class When:
    day: date | None = None
    at: time | None = None
    period: str | None = None  # pagi / siang / sore / malam, when no clock time was given


def now_local() -> datetime:
    return datetime.now(TZ)


def _clean(text: str) -> str:
    text = text.lower().replace("jum'at", "jumat")
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- times

_NUM = r"(\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_TIME_RE = re.compile(
    r"\b(?:jam|pukul|pkl|pk)\.?\s*(?P<half>setengah\s+)?(?P<h>" + _NUM + r")"
    r"(?:\s*[.:]\s*(?P<m>\d{2}))?(?:\s*(?:lewat|lebih)\s+(?P<lm>\d{1,2})(?:\s*menit)?)?"
    r"(?:\s*(?:wib))?(?:\s+(?P<p>pagi|siang|sore|malam))?\b"
)
_BARE_TIME_RE = re.compile(
    r"\b(?P<h>[01]?\d|2[0-3])\s*[.:]\s*(?P<m>[0-5]\d)\b(?:\s+(?P<p>pagi|siang|sore|malam))?"
)
_PERIOD_RE = re.compile(r"\b(pagi|siang|sore|malam)\b")


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def _apply_period(hour: int, period: str | None) -> int:
    if period == "pagi":
        return 0 if hour == 12 else hour
    if period == "siang":
        return hour if hour >= 11 else hour + 12  # jam 12 siang, jam 1 siang
    if period == "sore":
        return hour + 12 if hour < 12 else hour
    if period == "malam":
        if hour == 12:
            return 0
        return hour + 12 if hour < 12 and hour >= 4 else hour
    # No part of the day: public facilities open 06-22, so "jam 3" means 15:00.
    if 1 <= hour <= 5:
        return hour + 12
    return hour


def find_time(text: str) -> tuple[time | None, str | None, str]:
    """The clock time in ``text`` (or None), a part of the day given without a clock time,
    and the text with the time removed. Raises DateTimeError for an impossible time."""
    s = _clean(text)
    m = _TIME_RE.search(s)
    if m is None:
        m = _BARE_TIME_RE.search(s)
    if m is not None:
        groups = m.groupdict()
        hour = _number(groups["h"])
        minute = int(groups.get("m") or groups.get("lm") or 0)
        if groups.get("half"):
            hour, minute = hour - 1, 30  # setengah 4 = 3.30
        if hour > 24 or minute > 59:
            raise DateTimeError("time_unknown", text=m.group(0))
        hour = _apply_period(hour, groups.get("p")) % 24
        rest = (s[: m.start()] + " " + s[m.end() :]).strip()
        return time(hour, minute), None, rest
    p = _PERIOD_RE.search(s)
    if p is not None:
        rest = (s[: p.start()] + " " + s[p.end() :]).strip()
        return None, p.group(1), rest
    return None, None, s


def parse_time(text: str) -> time:
    """A clock time ("jam 3 sore", "pukul 15.00", "15:30", "08.00"); raises DateTimeError."""
    at, _period, _rest = find_time(text)
    if at is None:
        s = _clean(text)
        if re.fullmatch(r"\d{1,2}", s):  # a bare hour answering "jam berapa?"
            hour = int(s)
            if hour <= 24:
                return time(_apply_period(hour, None) % 24, 0)
        raise DateTimeError("time_unknown", text=text)
    return at


# ---------------------------------------------------------------- dates

_DAY_MONTH_RE = re.compile(
    r"\b(?:tanggal|tgl\.?)?\s*(?P<d>\d{1,2})\s*(?:-|/|\s)\s*(?P<mon>[a-z]{3,9})\.?"
    r"(?:\s*(?:-|/|\s)\s*(?P<y>\d{4}))?\b"
)
_NUMERIC_RE = re.compile(r"\b(?P<d>\d{1,2})[/-](?P<m>\d{1,2})(?:[/-](?P<y>\d{2,4}))?\b")
_DAY_ONLY_RE = re.compile(r"\b(?:tanggal|tgl\.?)\s*(?P<d>\d{1,2})\b")
_IN_DAYS_RE = re.compile(r"\b(?P<n>\d{1,2}|" + _NUM[1:-1] + r")\s+hari\s+lagi\b")
_WEEKDAY_RE = re.compile(
    r"\b(?:hari\s+)?(?P<wd>" + "|".join(WEEKDAYS + list(WEEKDAY_ALIASES)) + r")"
    r"(?:\s+(?P<which>ini|depan|besok))?\b"
)


def _checked(year: int, month: int, day: int) -> date:
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateTimeError(
            "date_invalid", day=day, month=MONTHS[month - 1].capitalize(), last_day=last
        )
    return date(year, month, day)


def _year_for(month: int, day: int, today: date) -> int:
    """No year given: this year, or next year when the date passed more than 60 days ago
    ("5 Januari" said in November). A date a few days ago stays in the past."""
    last = calendar.monthrange(today.year, month)[1]
    candidate = date(today.year, month, min(day, last))
    if (today - candidate).days > 60:
        return today.year + 1
    return today.year


def find_date(text: str, today: date) -> date | None:
    """The date in ``text``, or None when it names none. Raises DateTimeError for an
    impossible date (31 Februari). Does not check whether it is in the past."""
    s = _clean(text)
    iso = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", s)
    if iso is not None:
        return _checked(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    if re.search(r"\blusa\b", s):
        return today + timedelta(days=2)
    if re.search(r"\b(besok|bsk|besuk)\b", s) and not _WEEKDAY_RE.search(s):
        return today + timedelta(days=1)
    if re.search(r"\b(hari ini|sekarang|nanti)\b", s):
        return today
    if re.search(r"\bkemarin\b", s):
        return today - timedelta(days=1)
    m = _IN_DAYS_RE.search(s)
    if m is not None:
        return today + timedelta(days=_number(m.group("n")))
    m = _DAY_MONTH_RE.search(s)
    if m is not None and m.group("mon") in MONTH_NUMBERS:
        month = MONTH_NUMBERS[m.group("mon")]
        day = int(m.group("d"))
        year = int(m.group("y")) if m.group("y") else _year_for(month, min(day, 28), today)
        return _checked(year, month, day)
    m = _NUMERIC_RE.search(s)
    if m is not None and 1 <= int(m.group("m")) <= 12:
        month, day = int(m.group("m")), int(m.group("d"))
        y = m.group("y")
        year = (int(y) + 2000 if len(y) == 2 else int(y)) if y else _year_for(month, 1, today)
        return _checked(year, month, day)
    m = _WEEKDAY_RE.search(s)
    if m is not None:
        name = WEEKDAY_ALIASES.get(m.group("wd"), m.group("wd"))
        target = WEEKDAYS.index(name)
        ahead = (target - today.weekday()) % 7
        if m.group("which") == "depan":
            monday_next = today + timedelta(days=7 - today.weekday())
            return monday_next + timedelta(days=target)
        return today + timedelta(days=ahead)
    m = _DAY_ONLY_RE.search(s)
    if m is not None:
        day = int(m.group("d"))
        year, month = today.year, today.month
        if day < today.day:
            month += 1
            if month == 13:
                year, month = year + 1, 1
        return _checked(year, month, day)
    # Anything else dateparser understands ("5 Des", "28/11/2026", "besok"...), but not
    # bare numbers (a phone number, a head count).
    words = set(re.findall(r"[a-z]+", s))
    if not (words & set(MONTH_NUMBERS) or re.search(r"\d[/.-]\d", s)):
        return None
    base = datetime.combine(today, time(12, 0))
    found = dateparser.parse(
        s,
        languages=["id"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "future",
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day"],
            # Absolute dates only: "2 jam" must not read as "two hours ago".
            "PARSERS": ["absolute-time"],
        },
    )
    return found.date() if found is not None else None


def parse_when(text: str, now: datetime | None = None) -> When:
    """Date, clock time and part of the day in one message. Raises DateTimeError for an
    impossible date or time; past dates are the caller's to judge (see check_future)."""
    now = (now or now_local()).astimezone(TZ)
    at, period, rest = find_time(text)
    day = find_date(rest, now.date()) if rest else None
    return When(day=day, at=at, period=period)


def parse_date(text: str, now: datetime | None = None) -> date:
    """A date that is today or later; raises DateTimeError (unknown, invalid, past)."""
    now = (now or now_local()).astimezone(TZ)
    s = _clean(text)
    try:
        day = date.fromisoformat(s)
    except ValueError:
        _at, _period, rest = find_time(s)
        found = find_date(rest, now.date())
        if found is None:
            raise DateTimeError("date_unknown", text=text) from None
        day = found
    if day < now.date():
        raise DateTimeError("date_past", date=format_date(day))
    return day


def check_future(start: datetime, now: datetime | None = None) -> None:
    now = now or now_local()
    if start <= now:
        raise DateTimeError("time_past", date=format_date(start.date()), time=format_time(start))


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=TZ)


def format_date(day: date) -> str:
    """Sabtu, 28 November 2026"""
    weekday = WEEKDAYS[day.weekday()].capitalize()
    return f"{weekday}, {day.day} {MONTHS[day.month - 1].capitalize()} {day.year}"


def format_time(value: time | datetime) -> str:
    """15.00 (the Indonesian way of writing clock times)."""
    if isinstance(value, datetime):
        value = value.astimezone(TZ).time()
    return f"{value.hour:02d}.{value.minute:02d}"


def weekday_name(day: date) -> str:
    return WEEKDAYS[day.weekday()]


# ---------------------------------------------------------------- durations, counts

_DURATION_RE = re.compile(
    r"(?<!jam )(?<!pukul )\b(?P<n>\d{1,2}(?:[.,]5)?|" + _NUM[1:-1] + r"|setengah)\s*"
    r"(?P<u>jam|menit|mnt)\b(?:\s+(?P<half>setengah|30 menit))?"
)
_PEOPLE_RE = re.compile(r"\b(?P<n>\d{1,4})\s*(?:orang|org|peserta|pemain|warga)\b")


def find_duration_minutes(text: str) -> int | None:
    """ "2 jam" -> 120, "1,5 jam" -> 90, "90 menit" -> 90, "dua jam setengah" -> 150."""
    s = _clean(text)
    m = _DURATION_RE.search(s)
    if m is None:
        return None
    raw = m.group("n")
    if raw == "setengah":
        value = 0.5
    elif raw[0].isdigit():
        value = float(raw.replace(",", "."))
    else:
        value = NUMBER_WORDS[raw]
    minutes = value * 60 if m.group("u") == "jam" else value
    if m.group("half"):
        minutes += 30
    return int(minutes)


def parse_duration_minutes(text: str) -> int:
    found = find_duration_minutes(text)
    if found is None:
        s = _clean(text)
        if re.fullmatch(r"\d{1,3}", s):
            # A bare number answers "berapa lama?": up to 12 it means hours ("2"), above
            # that minutes ("90", and the form's own stored value "120").
            number = int(s)
            return number * 60 if number <= 12 else number
        raise DateTimeError("duration_unknown", text=text)
    return found


def find_people(text: str) -> int | None:
    m = _PEOPLE_RE.search(_clean(text))
    return int(m.group("n")) if m else None


def parse_people(text: str) -> int | None:
    found = find_people(text)
    if found is not None:
        return found
    s = _clean(text)
    if re.fullmatch(r"\d{1,4}", s):
        return int(s)
    words = s.split()
    if words and words[0] in NUMBER_WORDS:
        return NUMBER_WORDS[words[0]]
    return None
