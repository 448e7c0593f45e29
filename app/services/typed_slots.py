"""Buttons typed instead of tapped. A free time: "jam 4 sore aja" under the buttons of the
free starts of one facility on one day ("masih kosong pada jam berikut: [15.00] [16.00]
[17.00]") is the tap of the 16.00 button.

Outside the booking form (after an availability question) the classifier cannot read "jam 4
sore aj" (bench g-13 got a clarifying menu of FAQ topics, then the whole form again). Only
when every button of the assistant's last turn is a free start on the same day (of one
facility, or of several listed one after the other: "Tenis A ... [16.00]", "Tenis B ...
[15.00] [16.00]"), the message names a clock time one of them has (free at several: the
first listed, which the form's confirmation names), and it names no day.

A topic named in a few words under a "Maksud Anda ...?" question ("yang hilang" under
[Membuat KTP-el baru] [KTP-el hilang]) is the tap of that topic (the classifier read it as a
greeting: lead's probe of 2026-12-04).
"""

from __future__ import annotations

import json
import re
from datetime import date

from sqlmodel import Session

from app.services.transcripts import last_reply, last_turn_replies
from core.lang.choices import pick_choice
from core.lang.when import WhenError, find_date, find_time

SLOT_PAYLOAD = re.compile(
    r'^/book_facility\{"booking_slot":\s*"(\S+) (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})"\}$'
)
MAX_WORDS = 8  # a longer message says more than a time
SHOWN_MAX = 8  # the free starts shown at most (actions/booking/common.py MAX_BUTTONS)
FAQ_PAYLOAD = "/faq{"  # a knowledge-base topic's button (actions/inquiry.py topic_payload)
TIME_SAID = re.compile(r"\d|\b(?:jam|jm|pukul|pkl)\b", re.I)  # worth a look at the buttons


def last_buttons(
    session: Session, conversation_id: str, whole_turn: bool = False
) -> list[dict[str, str]]:
    """The buttons of the assistant's last message, or with ``whole_turn`` of all its
    messages since the citizen's previous one (none when they had none)."""
    if whole_turn:
        lines = last_turn_replies(session, conversation_id)
    else:
        last = last_reply(session, conversation_id)
        lines = [last] if last is not None else []
    out: list[dict[str, str]] = []
    for line in lines:
        try:
            buttons = json.loads(line.payload or "[]")
        except ValueError:
            continue
        if isinstance(buttons, list):
            out.extend(b for b in buttons if isinstance(b, dict))
    return out


def typed_slot(buttons: list[dict[str, str]], text: str) -> str | None:
    """The payload of the free start ``text`` names, or None (see the module docstring)."""
    if not buttons or text.startswith("/") or len(text.split()) > MAX_WORDS:
        return None
    found = [SLOT_PAYLOAD.match(str(b.get("payload", ""))) for b in buttons]
    if not all(found) or len({m.group(2) for m in found if m}) != 1:
        return None
    try:
        said = find_time(text)
        if said is None or said.at is None or find_date(text, date(2026, 1, 1)) is not None:
            return None  # (any "today" tells whether a day is named)
    except WhenError:
        return None
    wanted = {said.at.strftime("%H:%M")}
    if said.at.hour < 12 and not said.period:  # "jam 4" under [15.00] [16.00]: 16.00
        wanted.add(f"{said.at.hour + 12:02d}:{said.at.minute:02d}")
    picked = [b for b, m in zip(buttons, found, strict=True) if m and m.group(3) in wanted]
    if picked:  # free at several facilities ("lapangan tenis"): the first listed, which
        return str(picked[0]["payload"])  # the form's confirmation names
    if len({m.group(1) for m in found if m}) != 1:
        return None  # offered by none of several facilities
    return _past_the_cut(found, said.at.hour, said.at.minute, bool(said.period))


def _past_the_cut(
    found: list[re.Match[str] | None], hour: int, minute: int, period: bool
) -> str | None:
    """A time later than the last of a list cut at SHOWN_MAX buttons ("[06.00] ... [13.00]",
    then "jam 4 sore aja"): that start of the same facility and day, which the booking form
    then checks (bench w-17 got the office hours). None for a list shown whole."""
    if len(found) < SHOWN_MAX or not found[-1]:
        return None
    if not period and hour < 12 and f"{hour:02d}:{minute:02d}" <= found[-1].group(3):
        hour += 12  # "jam 4" after [06.00] ... [13.00]: the afternoon
    at = f"{hour:02d}:{minute:02d}"
    if at <= found[-1].group(3) or hour > 23:
        return None
    value = json.dumps({"booking_slot": f"{found[-1].group(1)} {found[-1].group(2)} {at}"})
    return "/book_facility" + value.replace(", ", ",").replace('": "', '":"')


TOPIC_PICK_MAX_WORDS = 5  # "yang hilang", "ktp yang baru aja": a longer message says more


def typed_topic(buttons: list[dict[str, str]], text: str) -> str | None:
    """The payload of the button a short message picks under a "Maksud Anda ...?" question
    (topic buttons): "yang hilang" under [KTP-el baru] [KTP-el hilang] is the second; None
    when the last message offered no topic or the text picks none."""
    if text.startswith("/") or len(text.split()) > TOPIC_PICK_MAX_WORDS:
        return None
    if not any(str(b.get("payload", "")).startswith(FAQ_PAYLOAD) for b in buttons):
        return None
    picked = pick_choice(text, [str(b.get("title", "")) for b in buttons])
    return None if picked is None else str(buttons[picked].get("payload") or "") or None
