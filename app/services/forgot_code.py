""" "Lupa nomornya": a citizen asked for a complaint's tracking number or a booking's code
says it is forgotten or lost. Without this the words went on to the assistant, which took
"nomor" for a question about the NIB (Nomor Induk Berusaha) or told the citizen again what a
code looks like.

Answered before the assistant, only right after the assistant asked for the number (its last
line): the complaints filed or bookings made from this same account as buttons to tap, or,
when there are none, where the number is written and an officer who can look it up.
"""

from __future__ import annotations

import json
import re
from datetime import UTC

from sqlmodel import Session, col, select

from app.models import Booking, Complaint
from app.models.base import utcnow
from app.models.booking import BookingStatus
from app.services.complaints.routing import routing
from app.services.complaints.wording import format_date
from app.services.facilities import load_catalogue
from app.services.officer_words import OFFICER_INTENT
from app.services.transcripts import last_reply
from core.lang.calendar_id import TZ
from core.lang.text import words
from core.message import Button, OutgoingMessage
from core.texts import t

# on the normalised words (core.lang folds "ga", "gak", "nggak" to "tidak")
FORGOT = re.compile(
    r"\b(?:lupa|lali|poho|hilang|kehapus|terhapus|tidak (?:tahu|tau|ingat|inget|punya|ada"
    r"|nyimpen|simpan|menyimpan|catat|dicatat))\b"
)
# a status check that says its number is forgotten in the same message ("laporan saya minggu
# lalu sudah sampai mana, nomernya lupa"): the number is not asked for first
_NUMBER = (  # not a phone's, an ID card's, a house's
    r"(?:nomor\w*|nomer\w*|no|kode\w*|tiket\w*)"
    r"(?!\s+(?:hp|handphone|telepon|telp|wa|whatsapp|ktp|nik|kk|rumah|rekening))"
)
_NOT_KNOWN = r"(?:lupa|lali|poho|hilang|tidak (?:tahu|tau|ingat|inget|catat|dicatat|simpan))"
NUMBER_FORGOTTEN = re.compile(
    rf"\b{_NUMBER}\s+(?:\S+\s+){{0,2}}?{_NOT_KNOWN}\b|\b{_NOT_KNOWN}\s+(?:\S+\s+)?{_NUMBER}\b"
)
REPORT_NOUN = re.compile(r"\b(?:laporan\w*|aduan\w*|pengaduan\w*|keluhan\w*)\b")
MAX_CHECK_WORDS = 30
ASKED_TICKET = "contohnya LPR-"  # utter_ask_ticket_code
ASKED_BOOKING = "contohnya BK-"  # the booking code question and its error
MAX_WORDS = 8
SHOWN = 3


def says_forgotten(text: str) -> bool:
    """'lupa nomornya', 'kodenya hilang', 'ga inget', 'nggak tau kodenya' (short, no code)."""
    said = words(text)
    if not said or len(said) > MAX_WORDS or re.search(r"\b(?:LPR|BK)-", text, re.I):
        return False
    return FORGOT.search(" ".join(said)) is not None


def checks_with_number_forgotten(text: str) -> bool:
    """A status check of a report whose number the citizen says is forgotten (no code)."""
    said = words(text)
    if not said or len(said) > MAX_CHECK_WORDS or re.search(r"\b(?:LPR|BK)-", text, re.I):
        return False
    norm = " ".join(said)
    return REPORT_NOUN.search(norm) is not None and NUMBER_FORGOTTEN.search(norm) is not None


def answer(session: Session, conversation_id: str, text: str) -> list[OutgoingMessage] | None:
    """The reply to a forgotten number right after it was asked for, or to a status check
    that says its number is forgotten, else None."""
    if checks_with_number_forgotten(text):
        return [_tickets(session, conversation_id)]
    if not says_forgotten(text):
        return None
    last = last_reply(session, conversation_id)
    asked = last.text if last is not None else ""
    if ASKED_TICKET in asked:
        return [_tickets(session, conversation_id)]
    if ASKED_BOOKING in asked:
        return [_bookings(session, conversation_id)]
    return None


def _officer() -> Button:
    return Button(title=t("app.forgot_officer"), payload=OFFICER_INTENT)


def _tickets(session: Session, conversation_id: str) -> OutgoingMessage:
    found = session.exec(
        select(Complaint)
        .where(Complaint.reporter_conversation_id == conversation_id)
        .order_by(col(Complaint.id).desc())
        .limit(SHOWN)
    ).all()
    if not found:
        return OutgoingMessage(text=t("app.forgot_ticket_none"), buttons=[_officer()])
    categories = routing().categories
    buttons = []
    for c in found:
        name = categories[c.category].name if c.category in categories else c.category
        payload = "/check_complaint_status" + json.dumps({"ticket_code": c.ticket_code})
        buttons.append(Button(title=f"{c.ticket_code} ({name})", payload=payload))
    return OutgoingMessage(text=t("app.forgot_ticket_found"), buttons=[*buttons, _officer()])


def _bookings(session: Session, conversation_id: str) -> OutgoingMessage:
    now = utcnow()
    found = [
        b
        for b in session.exec(
            select(Booking)
            .where(Booking.owner_id == conversation_id, Booking.status == BookingStatus.CONFIRMED)
            .order_by(col(Booking.start_at))
        ).all()
        if (b.start_at if b.start_at.tzinfo else b.start_at.replace(tzinfo=UTC)) > now
    ][:SHOWN]
    if not found:
        return OutgoingMessage(text=t("app.forgot_booking_none"), buttons=[_officer()])
    catalogue = load_catalogue()
    buttons = []
    for b in found:
        facility = catalogue.get(b.facility_id)
        start = b.start_at if b.start_at.tzinfo else b.start_at.replace(tzinfo=UTC)
        when = format_date(start.astimezone(TZ).date())
        title = f"{b.code} ({facility.name if facility else b.facility_id}, {when})"
        buttons.append(Button(title=title, payload=b.code))
    return OutgoingMessage(text=t("app.forgot_booking_found"), buttons=[*buttons, _officer()])
