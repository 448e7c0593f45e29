"""The codes this conversation was given: the number of a report it filed (LPR-...) or the
code of a booking it made (BK-...), read from what the assistant said. "Laporan saya yang
tadi gimana?" or "batalin yang barusan" then needs no code typed again."""

from __future__ import annotations

import re
from collections.abc import Callable

from rasa_sdk import Tracker

from core.lang import ids

# "contohnya LPR-2026-000123": the example in a question is no code of this conversation
EXAMPLE = re.compile(r"contoh\w*\W+\S+", re.IGNORECASE)


def codes_given(tracker: Tracker, find: Callable[[str], str | None]) -> list[str]:
    """Every distinct code `find` reads in the assistant's messages, oldest first."""
    out: list[str] = []
    for event in tracker.events or []:
        if event.get("event") != "bot":
            continue
        code = find(EXAMPLE.sub(" ", str(event.get("text") or "")))
        if code and code not in out:
            out.append(code)
    return out


def the_ticket(tracker: Tracker) -> str | None:
    """The one report number this conversation was given (None when none or several)."""
    codes = codes_given(tracker, ids.find_ticket_code)
    return codes[0] if len(codes) == 1 else None


def the_booking(tracker: Tracker) -> str | None:
    """The one booking code this conversation was given (None when none or several)."""
    codes = codes_given(tracker, ids.find_booking_code)
    return codes[0] if len(codes) == 1 else None
