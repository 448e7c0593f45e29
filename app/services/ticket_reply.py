"""The reply to "Mohon tulis nomor laporan Anda": read as the report's number first.

Right after the assistant asked for a complaint's tracking number (its last line), a short
reply that holds one is that number, however it is typed: "lpr 2026 123", "LPR2026000123",
"nomornya 2026-000123". Rasa's classifier alone read such replies as a new complaint, a
rating or "ya"; the reply goes to Rasa as the status check's intent with the number
instead (a main-menu style ``/intent{...}`` message, like a button's).
"""

from __future__ import annotations

import json
import re

from sqlmodel import Session

from app.services.forgot_code import ASKED_TICKET
from app.services.transcripts import last_reply
from core.lang.ids import TICKET_PATTERN, find_ticket_code

STATUS_INTENT = "/check_complaint_status"
MAX_WORDS = 8  # a longer reply is a sentence of its own, read by the assistant
# the number without "LPR": a year and a serial ("2026-000123", "2026 123", "2026000123")
YEAR_SERIAL = re.compile(r"(?<![\d\w-])(20\d{2})(?:\s*[-/._]\s*|\s+)?(\d{1,6})(?![\d-])")
# four digits of the phone beside the number ("LPR-2026-000123 7890"): the reporter's proof
LAST4 = re.compile(r"(?<![\d-])(\d{4})(?![\d-])")


def read_ticket(text: str) -> tuple[str, str] | None:
    """(canonical number, the rest of the reply) when ``text`` holds a tracking number."""
    code = find_ticket_code(text)
    if code is not None:
        return code, TICKET_PATTERN.sub(" ", text)
    match = YEAR_SERIAL.search(text)
    if match is None:
        return None
    year, serial = match.groups()
    rest = text[: match.start()] + " " + text[match.end() :]
    return find_ticket_code(f"LPR-{year}-{serial}") or "", rest


def status_intent(session: Session, conversation_id: str, text: str) -> str | None:
    """The status check's intent message for a number typed right after it was asked for,
    else None (the text goes to Rasa as it is)."""
    if len(text.split()) > MAX_WORDS or not re.search(r"\d", text):
        return None
    found = read_ticket(text)
    if found is None or not found[0]:
        return None
    last = last_reply(session, conversation_id)
    if last is None or ASKED_TICKET not in " ".join(last.text.split()):
        return None
    code, rest = found
    last4 = LAST4.search(rest)
    # the action reads the phone's last four digits from the message beside the number
    value = f"{code} {last4.group(1)}" if last4 else code
    return STATUS_INTENT + json.dumps({"ticket_code": value})
