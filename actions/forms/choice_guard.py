"""When a short reply is no button tap: it names its own day or time under buttons of days
or free starts. "lusa jam 10" under [Senin, 7 Desember] .. [Kamis, 10 Desember] was read as
the button with "10" (bench b-tenis-06 booked Thursday for Wednesday), "senin minggu depan"
as the button "Minggu, 13 Desember" (b-gor-02); "jam 9" under the free starts is a time for
the day being booked, not another day's button."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from core.lang.when import WhenError, find_date, find_time

_DATED = re.compile(r"^(?:/book_facility|\d{4}-\d{2}-\d{2}$)")


def names_day_or_time(text: str, buttons: list[dict[str, Any]]) -> bool:
    """Whether ``text`` names a day or a clock time and the buttons are days or free starts."""
    if not any(_DATED.match(str(b.get("payload", ""))) for b in buttons):
        return False
    try:
        said = find_time(text)
        if said is not None and said.at is not None:
            return True
        return find_date(text, date(2026, 1, 5)) is not None  # (any "today" tells whether)
    except WhenError:
        return True  # a day or time said wrongly is still no button: validation explains
