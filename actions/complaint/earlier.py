"""What the citizen already told before the complaint form opened: a problem and its place
said in an earlier message ("sampah di pinggir kali Jl. Kecapi Cibening kagak diangkut-angkut
udeh seminggu", answered with something else first), then "bukan, gue mau lapor sampah
kagak diangkut seminggu" or the [Lapor masalah] button. The place is kept, and the problem
too when the message that opens the form does not say it, so nothing is asked again (bench
y-04 was asked the location it had given).

Only the citizen's last few messages count, back to the last form or session start (what came
before belongs to that form), and only one that names a city problem
(:func:`app.services.complaint_signs.names_problem`) of the same category as the opening
message, when that one names a category.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.complaint import reading as rd
from actions.complaint.opening import story_only
from app.services import complaints as svc
from app.services.complaint_signs import names_problem
from core.lang.restated import restated
from core.lang.text import drop_fillers

MAX_BACK = 3  # earlier messages read, newest first
STOPS = {"active_loop", "session_started", "restart"}


def earlier_texts(tracker: Tracker) -> list[str]:
    """The citizen's typed messages before the latest one, newest first: at most MAX_BACK,
    none from before the last form or session start."""
    out: list[str] = []
    latest_seen = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind in STOPS:
            break
        if kind != "user":
            continue
        if not latest_seen:
            latest_seen = True
            continue
        text = str(event.get("text") or "").strip()
        if text and not rd.is_command(text):
            out.append(text)
        if len(out) >= MAX_BACK:
            break
    return out


def from_earlier(tracker: Tracker, found: dict[str, Any]) -> dict[str, Any]:
    """The slots an earlier message adds to what the opening message gave (``found``): its
    place when none was given, and its category and description when those are missing."""
    if found.get("complaint_location") or found.get("complaint_place"):
        return {}
    code = found.get("complaint_category")
    for text in earlier_texts(tracker):
        said = restated(text)
        if not names_problem(said):
            continue
        said_code = svc.recognise_category(said)
        if code and said_code and said_code != code:  # another problem
            continue
        place = rd.place_in(said)
        if place is None:
            continue
        out = rd.place_slots(place)
        if not code and said_code:
            out["complaint_category"] = said_code
        if not found.get("complaint_description") and (code or said_code):
            story = story_only(drop_fillers(said))
            out["complaint_description"] = rd.description_as_said(
                story[: svc.DESCRIPTION_MAX_CHARS], code or said_code
            )
        return out
    return {}
