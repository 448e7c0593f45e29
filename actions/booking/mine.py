"""Which of the citizen's own bookings a cancel or a change of schedule is about, when the code
is not typed right or not typed at all: "batalin booking saya yang besok", "yang tenis
aja", "BK-7KM39Q" for BK-7K3M9Q. Only bookings of this conversation that are still ahead
count; the summary that follows names the booking before anything is changed, so a pick
here is always confirmed by the citizen (bookings5 (d)).
"""

from __future__ import annotations

import re
from datetime import date

from rasa_sdk import Tracker

from actions.booking import common as c
from app.models import Booking
from app.services import bookings as svc
from core.lang.when import TZ, WhenError, find_date

# "bk" and 5-7 letters or digits: a code typed with a character too many or too few
LOOSE_CODE = re.compile(r"(?<![a-z0-9])bk[\s\-_./#]*(?P<code>[a-z0-9]{5,7})(?![a-z0-9])", re.I)
MAX_TYPOS = 2


def upcoming(tracker: Tracker) -> list[Booking]:
    with c.session() as session:
        return list(svc.upcoming_of(session, tracker.sender_id, c.now()))


def typos(a: str, b: str) -> int:
    """Edits between two short codes (a swap of neighbours counts as one)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def typed_code(text: str) -> str | None:
    """What follows "bk" in a message, upper case, without the prefix ("7KM39Q")."""
    m = LOOSE_CODE.search(text or "")
    return m.group("code").upper() if m else None


def near_code(tracker: Tracker, text: str) -> str | None:
    """The one own booking whose code is a typo or two away from the code typed."""
    typed = typed_code(text)
    if typed is None:
        return None
    mine = upcoming(tracker)
    close = [b for b in mine if typos(b.code.split("-")[-1], typed) <= MAX_TYPOS]
    best = min((typos(b.code.split("-")[-1], typed) for b in close), default=None)
    close = [b for b in close if typos(b.code.split("-")[-1], typed) == best]
    return close[0].code if len(close) == 1 else None


def _day(booking: Booking) -> date:
    return svc.as_utc(booking.start_at).astimezone(TZ).date()


def described(tracker: Tracker, text: str) -> str | None:
    """The one own booking ahead that the message describes by its day or its facility
    ("yang besok", "yang tenis"), or the only one there is; None when it cannot tell."""
    mine = upcoming(tracker)
    if not mine:
        return None
    try:
        day = find_date(text, c.now().date())
    except WhenError:
        day = None
    named = (
        {f.id for f in c.catalogue().match(text)} if text and not text.startswith("/") else set()
    )
    fits = [
        b for b in mine if (day is None or _day(b) == day) and (not named or b.facility_id in named)
    ]
    return fits[0].code if len(fits) == 1 else None
