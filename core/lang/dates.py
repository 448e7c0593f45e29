"""Calendar dates in Indonesian text, relative to a given ``today``. Import
:func:`find_date` from :mod:`core.lang.when`.

Rules, first match wins (explicit dates before relative words, so a pasted summary "Sabtu,
5 Desember 2026" reads as its date):

1. written dates: 2026-12-05, 5-12-2026, 05/12/2026, 05/12, 5 Desember (2026), 5 des,
   tanggal 5 (the next 5th), tanggal 5 bulan depan;
2. relative days: hari ini, besok, lusa / besok lusa, N hari lagi, kemarin;
3. weeks: minggu depan / pekan depan / seminggu lagi (+7 days, NOT Sunday), dua minggu
   lagi (+14), a weekday with it ("sabtu minggu depan": the Saturday of next week), awal
   minggu depan (Monday), akhir pekan (the coming Saturday), awal / akhir bulan (depan);
4. weekdays: "sabtu", "sabtu ini" (the coming Saturday, today if today is one), "sabtu
   depan" (the Saturday of next week; weeks start on Monday), "minggu" as a day when it is
   one: "hari minggu", "minggu pagi", "minggu ini", or the whole answer; "malam minggu" is
   Saturday evening (the eve of the day named).

Numbers said in words count ("lima desember", "tiga hari lagi"). A bare number is never a
date (a phone number, a head count). Impossible dates raise WhenError('date_invalid').
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from core.lang.calendar_id import MONTH_NUMBERS, WEEKDAY_NUMBERS, checked_date

_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAY_NUMBERS, key=len, reverse=True))
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")
_NUMERIC = re.compile(
    r"(?<![\d.,:])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?"
    r"(?![\d:]|[/.-]\d)"
)
_DAY_MONTH = re.compile(
    rf"(?<!ke )(?<!ke-)\b(?:tanggal\s+)?(?P<d>\d{{1,2}})\s*-?\s*(?P<mon>{_MONTH})\b"
    r"(?:\s+(?:tahun\s+)?(?P<y>\d{4}))?"
)
_MONTH_DAY = re.compile(  # "desember 12", "des 12 2026"
    rf"\b(?P<mon>{_MONTH})\s+(?:tanggal\s+)?(?P<d>\d{{1,2}})\b(?!\s*(?:orang|jam|menit|hari))"
    r"(?:\s+(?P<y>\d{4}))?"
)
_DAY_ONLY = re.compile(r"\b(?:tanggal|tgl)\s*(?P<d>\d{1,2})\b(?!\s*(?:orang|menit|jam\b(?!\s*\d)))")
_IN_DAYS = re.compile(r"\b(?P<n>\d{1,3})\s+hari\s+(?:lagi|ke\s*depan|kemudian|dari\s+sekarang)\b")
_IN_WEEKS = re.compile(r"\b(?P<n>\d{1,2})\s+(?:minggu|pekan)\s+(?:lagi|ke\s*depan|kemudian)\b")
_NEXT_WEEK = re.compile(r"\b(?:minggu|pekan)\s+(?:depan|besok)\b|\bseminggu\s+lagi\b")
_WEEKDAY_RE = re.compile(rf"\b(?:hari\s+)?(?P<wd>{_WEEKDAY})\b(?:\s+(?P<which>ini|depan|besok))?")
_EVE = re.compile(rf"\bmalam\s+(?P<wd>{_WEEKDAY})\b")  # "malam minggu" is Saturday evening
_SUNDAY_CUES = re.compile(
    r"\bhari\s+minggu\b|\bminggu\s+(?:ini|pagi|siang|sore|malam|jam|pukul|besok|nanti|\d)"
    r"|\b(?:tanggal|tgl)\s+\d+\s+minggu\b|^minggu$|^minggu\s+(?:saja|ya|deh|dong)$"
)


def _year_for(month: int, day: int, today: date) -> int:
    """No year given: this year, or next year when the date passed more than 60 days ago
    ("5 Januari" said in November). A date a few days ago stays in the past."""
    last = calendar.monthrange(today.year, month)[1]
    candidate = date(today.year, month, min(day, last))
    return today.year + 1 if (today - candidate).days > 60 else today.year


def _next_month(today: date, months: int = 1) -> tuple[int, int]:
    index = today.month - 1 + months
    return today.year + index // 12, index % 12 + 1


def _monday_next_week(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def _coming(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _written(s: str, today: date) -> date | None:
    m = _ISO.search(s)
    if m is not None:
        return checked_date(int(m["y"]), int(m["m"]), int(m["d"]))
    m = _DAY_MONTH.search(s) or _MONTH_DAY.search(s)
    if m is not None:
        month, day = MONTH_NUMBERS[m["mon"]], int(m["d"])
        year = int(m["y"]) if m["y"] else _year_for(month, max(1, min(day, 28)), today)
        return checked_date(year, month, day)
    for m in _NUMERIC.finditer(s):
        if m["sep"] == "." and not m["y"]:
            continue  # "15.30" is a clock time
        if m["sep"] == "-" and not m["y"]:
            continue  # "9-12" is a range of hours
        if not 1 <= int(m["m"]) <= 12:
            continue
        month, day = int(m["m"]), int(m["d"])
        y = m["y"]
        year = (int(y) + 2000 if len(y) == 2 else int(y)) if y else _year_for(month, 1, today)
        return checked_date(year, month, day)
    m = _DAY_ONLY.search(s)
    if m is not None:
        day = int(m["d"])
        if re.search(r"\bbulan\s+depan\b", s):
            year, month = _next_month(today)
        elif day >= today.day:
            year, month = today.year, today.month
        else:
            year, month = _next_month(today)
        return checked_date(year, month, day)
    return None


def _relative(s: str, today: date) -> date | None:
    if re.search(r"\b(?:besok\s+)?lusa\b", s):
        return today + timedelta(days=2)
    m = _IN_DAYS.search(s)
    if m is not None:
        return today + timedelta(days=int(m["n"]))
    m = _IN_WEEKS.search(s)
    if m is not None:
        return today + timedelta(days=7 * int(m["n"]))
    if re.search(r"\bakhir\s+(?:pekan|minggu)\s+(?:depan|besok)\b", s):
        return _monday_next_week(today) + timedelta(days=5)
    if re.search(r"\bakhir\s+(?:pekan|minggu)\b|\bweekend\b", s):
        return _coming(today, 5)
    if re.search(r"\bawal\s+(?:minggu|pekan)\s+depan\b", s):
        return _monday_next_week(today)
    if re.search(r"\bawal\s+bulan\s+depan\b", s):
        year, month = _next_month(today)
        return date(year, month, 1)
    if re.search(r"\bakhir\s+bulan\s+depan\b", s):
        year, month = _next_month(today)
        return date(year, month, calendar.monthrange(year, month)[1])
    if re.search(r"\bakhir\s+bulan(?:\s+ini)?\b", s):
        return date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    return None


def _weekday(s: str, today: date) -> date | None:
    next_week = _NEXT_WEEK.search(s)
    eve = _EVE.search(s)
    if eve is not None:
        target = (WEEKDAY_NUMBERS[eve["wd"]] - 1) % 7
        if next_week is not None:
            return _monday_next_week(today) + timedelta(days=target)
        return _coming(today, target)
    for m in _WEEKDAY_RE.finditer(s):
        name = m["wd"]
        if name == "minggu":
            if next_week and next_week.start() == m.start("wd") and not _SUNDAY_CUES.search(s):
                continue  # "minggu depan" is next week, not Sunday
            if not (_SUNDAY_CUES.search(s) or m["which"] in ("ini", "depan")):
                continue
        target = WEEKDAY_NUMBERS[name]
        if next_week is not None or m["which"] == "depan":
            return _monday_next_week(today) + timedelta(days=target)
        return _coming(today, target)
    return None


def find_date(text_prepared: str, today: date) -> date | None:
    """The date in an already prepared text (see :func:`core.lang.clock.prepare`)."""
    s = text_prepared
    found = _written(s, today)
    if found is not None:
        return found
    found = _relative(s, today)
    if found is not None:
        return found
    found = _weekday(s, today)
    if found is not None:
        return found
    if _NEXT_WEEK.search(s):
        return today + timedelta(days=7)
    if re.search(r"\b(?:besok|esok|besoknya)\b", s):
        return today + timedelta(days=1)
    if re.search(
        r"\b(?:hari\s+ini|sekarang|nanti\s+(?:pagi|siang|sore|malam)|(?:pagi|siang|sore|malam)\s+ini)\b",
        s,
    ):
        return today
    if re.search(r"\bkemarin\b", s):
        return today - timedelta(days=1)
    return None
