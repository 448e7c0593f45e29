"""Parse and validate the contract entities from text (forms call these in validate_<slot>).

- :func:`parse_date_time`: Indonesian date/time expressions ("besok jam 3 sore", "sabtu depan",
  "lusa jam 10 pagi", "tanggal 12 desember jam 9", "bsk jm 8") -> datetime. dateparser
  (languages=["id"]) parses absolute dates and single day words; it does not understand
  "jam 3 sore", "<hari> depan", "minggu depan", "lusa" or "N hari lagi", so a thin layer
  written here handles those first (the time of day, relative days and weekdays).
- :func:`valid_nik`: NIK (16 digits) checked with python-stdnum (``stdnum.id.nik``).
- :func:`normalize_phone`: Indonesian mobile numbers -> ``+628...``.
- :func:`find_nik`, :func:`find_phone`, :func:`find_ticket_code`, :func:`find_booking_code`:
  the same patterns as the NLU regexes, for filling slots from free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.components.colloquial import normalize_text

TICKET_CODE = re.compile(r"\bLPR-\d{4}-\d{6}\b", re.IGNORECASE)
BOOKING_CODE = re.compile(r"\bBK-[2-9A-HJ-NP-Z]{6}\b", re.IGNORECASE)
NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
PHONE = re.compile(r"(?<![\d+])(?:\+62|62|0)8\d{2}[- ]?\d{3,4}[- ]?\d{3,5}(?!\d)")

WEEKDAYS = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
}
RELATIVE_DAYS = {"hari ini": 0, "sekarang": 0, "nanti": 0, "besok": 1, "lusa": 2}
PERIODS = {"pagi": (0, 11), "siang": (11, 15), "sore": (15, 18), "malam": (18, 24)}
DEFAULT_PERIOD_HOUR = {"pagi": 8, "siang": 12, "sore": 16, "malam": 19}

_TIME = re.compile(
    r"\b(?:jam|pukul|pkl)\s*(\d{1,2})(?:[.:](\d{2}))?(?:\s*(pagi|siang|sore|malam))?\b"
)
_PERIOD = re.compile(r"\b(pagi|siang|sore|malam)\b")
_IN_DAYS = re.compile(r"\b(\d{1,2}|se)\s*(hari|minggu)\s*(?:lagi|ke ?depan)\b")


@dataclass(frozen=True)
class ParsedDateTime:
    value: datetime
    has_date: bool
    has_time: bool


def _hour_in_period(hour: int, period: str | None) -> int:
    if period is None:
        return hour
    if period in ("sore", "malam") and hour < 12:
        return hour + 12
    if period == "siang" and hour < 11:
        return hour + 12
    if period == "pagi" and hour == 12:
        return 0
    return hour


def parse_date_time(text: str, now: datetime | None = None) -> ParsedDateTime | None:
    """Parse an Indonesian date/time expression; ``None`` when nothing is recognised.

    Dates are resolved into the future relative to ``now`` (a booking for "sabtu" on a
    Sunday means the next Saturday). A time without a date means today, or tomorrow when
    that time has passed.
    """
    import dateparser

    now = now or datetime.now()
    s = normalize_text(text).replace("hari ini", "sekarang").replace("malam ini", "malam")
    hour = minute = None
    has_date = False
    day: datetime | None = None

    m = _TIME.search(s)
    if m:
        hour = _hour_in_period(int(m.group(1)), m.group(3))
        minute = int(m.group(2) or 0)
        s = (s[: m.start()] + " " + s[m.end() :]).strip()
    period = _PERIOD.search(s)
    if period:
        if hour is None:
            hour, minute = DEFAULT_PERIOD_HOUR[period.group(1)], 0
        elif m and not m.group(3):  # "nanti malam jam 7"
            hour = _hour_in_period(hour, period.group(1))
        s = (s[: period.start()] + " " + s[period.end() :]).strip()
    if hour is not None and not (0 <= hour <= 23 and 0 <= (minute or 0) <= 59):
        return None

    m_in = _IN_DAYS.search(s)
    s = re.sub(r"\b(tanggal|tgl|hari|pada|untuk|buat|ini)\b", " ", s).strip()
    s = " ".join(s.split())
    if m_in:
        n = 1 if m_in.group(1) == "se" else int(m_in.group(1))
        day = now + timedelta(days=n * (7 if m_in.group(2) == "minggu" else 1))
    elif s in ("minggu depan", "pekan depan"):
        day = now + timedelta(days=7)
    else:
        for word, offset in RELATIVE_DAYS.items():
            if s == word or s.startswith(word + " "):
                day = now + timedelta(days=offset)
                break
        else:
            wd = s.split(" ")[0] if s else ""
            if wd in WEEKDAYS and (s == wd or s == wd + " depan"):
                ahead = (WEEKDAYS[wd] - now.weekday()) % 7
                if s.endswith("depan") or ahead == 0:
                    ahead = ahead or 7
                day = now + timedelta(days=ahead)
            elif s:
                parsed = dateparser.parse(
                    s,
                    languages=["id"],
                    settings={
                        "RELATIVE_BASE": now.replace(tzinfo=None),
                        "PREFER_DATES_FROM": "future",
                        "PREFER_DAY_OF_MONTH": "first",
                    },
                )
                if parsed is None:
                    return None
                if parsed.date() < now.date() and s.isdigit():  # "tgl 20" after the 20th
                    month = parsed.month % 12 + 1
                    year = parsed.year + (1 if month == 1 else 0)
                    try:
                        parsed = parsed.replace(year=year, month=month)
                    except ValueError:
                        return None
                day = parsed
    if day is not None:
        has_date = True
    elif hour is None:
        return None
    else:
        day = now
    result = day.replace(
        hour=hour if hour is not None else 0,
        minute=minute or 0,
        second=0,
        microsecond=0,
    )
    if not has_date and result <= now:
        result += timedelta(days=1)
    return ParsedDateTime(value=result, has_date=has_date, has_time=hour is not None)


def valid_nik(text: str) -> str | None:
    """The NIK in compact form when valid (python-stdnum ``stdnum.id.nik``), else ``None``."""
    from stdnum.exceptions import ValidationError
    from stdnum.id import nik

    try:
        return str(nik.validate(text))
    except ValidationError:
        return None


def normalize_phone(text: str) -> str | None:
    """An Indonesian mobile number as ``+628...``, or ``None`` when it is not one."""
    digits = re.sub(r"[\s().-]", "", text)
    if digits.startswith("+62"):
        digits = digits[3:]
    elif digits.startswith("62"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    if not re.fullmatch(r"8\d{8,11}", digits):
        return None
    return "+62" + digits


def _find(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(0) if m else None


def find_ticket_code(text: str) -> str | None:
    code = _find(TICKET_CODE, text)
    return code.upper() if code else None


def find_booking_code(text: str) -> str | None:
    code = _find(BOOKING_CODE, text)
    return code.upper() if code else None


def find_nik(text: str) -> str | None:
    return _find(NIK, text)


def find_phone(text: str) -> str | None:
    found = _find(PHONE, text)
    return normalize_phone(found) if found else None
