"""Whether a place is open on the weekday a citizen asks about ("eee kantornya itu hari sabtu
buka tidak nak", "kalau minggu buka?"), read from a knowledge-base field written the way
opening days are written ("Senin-Jumat 08.00-15.00", "Senin-Kamis 08.00-15.00 dan Jumat
08.00-11.30", "Sabtu 08.00-12.00", "setiap hari"). The answer says yes or no first, then the
times (bench k-08: the place and its times alone left an elderly man to work it out).
"""

from __future__ import annotations

import re

from core.lang.calendar_id import WEEKDAY_NUMBERS
from core.lang.text import normalise

__all__ = ["day_asked", "open_on"]

_NAMES = "|".join(sorted(WEEKDAY_NUMBERS, key=len, reverse=True))
_DAY = re.compile(rf"\b({_NAMES})\b")
_RANGE = re.compile(rf"\b({_NAMES})\s*(?:-|–|sampai|s\.?d\.?|hingga)\s*({_NAMES})\b")
_EVERY_DAY = re.compile(r"\b(?:setiap hari|tiap hari|buka 24 jam|7 hari)\b")
# "minggu" is also a week ("minggu depan", "seminggu"): a day only as "hari minggu", or
# alone before a word of opening ("minggu buka?")
_SUNDAY_AS_DAY = re.compile(r"\b(?:hari|tiap|setiap)\s+minggu\b|\bminggu\s+(?:buka|tutup|libur)\b")


def day_asked(text: str) -> int | None:
    """The one weekday (0 = Monday) the message names, or None (none, or several)."""
    norm = normalise(text)
    days = set()
    for found in _DAY.finditer(norm):
        if found.group(1) == "minggu" and not _SUNDAY_AS_DAY.search(norm):
            continue
        days.add(WEEKDAY_NUMBERS[found.group(1)])
    return days.pop() if len(days) == 1 else None


def open_on(field: str, day: int) -> bool | None:
    """Whether the opening days written in ``field`` include ``day``; None when the field
    names no day at all (nothing can be said)."""
    low = (field or "").lower()
    if _EVERY_DAY.search(low):
        return True
    days: set[int] = set()
    for first, last in _RANGE.findall(low):
        start, end = WEEKDAY_NUMBERS[first], WEEKDAY_NUMBERS[last]
        days.update(range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)])
    days.update(WEEKDAY_NUMBERS[name] for name in _DAY.findall(_RANGE.sub(" ", low)))
    return (day in days) if days else None
