"""Long stays as citizens ask for them: the whole day ("seharian", "sehari penuh", "dari pagi
sampai sore", "full day") and several days ("tanggal 14 sampai 16 Desember", "tgl 14-16",
"senin sampai rabu", "tiga hari berturut-turut"). Import from here; the day itself is read by
:func:`core.lang.when.find_date`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from core.lang import dates
from core.lang.calendar_id import MONTH_NUMBERS, WEEKDAY_NUMBERS
from core.lang.clock import prepare

_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAY_NUMBERS, key=len, reverse=True))
_TO = r"\s*(?:sampai\s+dengan|sampai|hingga|s\s*d|sd|-|–)\s*"

_WHOLE_DAY = re.compile(
    r"\b(?:seharian(?:\s+penuh)?|sehari\s+penuh|satu\s+hari\s+penuh|full\s*day|fullday"
    r"|dari\s+(?:pagi|buka)\s+(?:sampai|hingga)\s+(?:sore|tutup|malam)"
    r"|sampai\s+tutup|dari\s+buka)\b"
)
# "tanggal 14 sampai 16 desember", "tgl 14-16", "14 sampai 16 desember"
_DAY_TO_DAY = re.compile(
    rf"\b(?:(?:tanggal|tgl)\s*(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?{_TO}(?:(?:tanggal|tgl)\s*)?"
    rf"(?P<d2>\d{{1,2}})(?:\s+(?P<m2>{_MONTH}))?"
    rf"|(?P<e1>\d{{1,2}}){_TO}(?P<e2>\d{{1,2}})\s+(?P<m3>{_MONTH}))\b"
)
# "senin sampai rabu", "dari hari jumat sampai minggu"
_WEEKDAY_TO = re.compile(
    rf"\b(?:hari\s+)?(?P<w1>{_WEEKDAY}){_TO}(?:hari\s+)?(?P<w2>{_WEEKDAY})\b"
    r"(?P<next>\s+(?:minggu|pekan)\s+depan)?"
)
# "3 hari berturut-turut", "selama 2 hari", "dua hari" (numbers in digits after prepare)
_N_DAYS = re.compile(
    r"\b(?:selama\s+)?(?P<n>\d{1,2})\s+hari(?:\s+(?:berturut\s*turut|berturut|full|penuh))?\b"
    r"(?!\s+(?:lagi|ke\s*depan|kemudian|yang\s+lalu|sebelum))"
)
_N_DAYS_CUE = re.compile(r"\bberturut|\bselama\s+\d{1,2}\s+hari\b")


def whole_day(text: str) -> bool:
    """Whether the message asks for the whole day the place is open ("seharian")."""
    return _WHOLE_DAY.search(prepare(text)) is not None


def days_span(text: str, today: date) -> tuple[date, date] | None:
    """The first and the last day of several days asked for in one message, or None (one day,
    or no days named)."""
    s = prepare(text)
    m = _DAY_TO_DAY.search(s)
    if m is not None:
        d1, d2 = int(m["d1"] or m["e1"]), int(m["d2"] or m["e2"])
        month = m["m1"] or m["m2"] or m["m3"] or ""
        first = dates.find_date(f"tanggal {d1} {month}".strip(), today)
        if first is not None and d2 > d1:
            return first, first + timedelta(days=d2 - d1)
        return None
    m = _WEEKDAY_TO.search(s)
    if m is not None:
        said = f"{m['w1']} minggu depan" if m["next"] else f"hari {m['w1']}"
        first = dates.find_date(said, today)
        w1, w2 = WEEKDAY_NUMBERS[m["w1"]], WEEKDAY_NUMBERS[m["w2"]]
        if first is not None and w2 != w1:
            return first, first + timedelta(days=(w2 - w1) % 7)
        return None
    m = _N_DAYS.search(s)
    if m is not None and _N_DAYS_CUE.search(s) and int(m["n"]) >= 2:
        rest = s[: m.start()] + " " + s[m.end() :]
        first = dates.find_date(rest, today)
        if first is not None:
            return first, first + timedelta(days=int(m["n"]) - 1)
    return None
