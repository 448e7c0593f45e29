"""A question about a facility outside a booking ("berapa sewa aula kecamatan?", "lapangan
tenis buka jam berapa", "ruang rapat perpustakaan muat berapa orang", "gor bisa dipake buat
badminton ga?"): answered from the catalogue, with buttons to see free times or to book.

Probe of 2026-12-03: the fee question started a booking form without an answer, the hours
question asked which court to book, the capacity question listed free times and the GOR
question got a menu of fire-brigade and evacuation topics. Only the aspects asked are said;
a question about what the place is for gets its short card.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.booking.questions import FEE, RULES
from app.services.facilities import Catalogue, Facility
from core.lang.calendar_id import WEEKDAYS
from core.lang.questions import is_question
from core.lang.text import normalise
from core.lang.when import WhenError, find_date, find_people, find_time
from core.texts import t

HOURS = re.compile(r"\b(buka|tutup|jam operasional|jam berapa|hari apa)\b")
CAPACITY = re.compile(r"\b(muat|kapasitas\w*|menampung|tampung|berapa orang|maksimal orang)\b")
PLACE = re.compile(r"\b(dimana|di mana|alamat\w*|lokasi\w*|letak\w*)\b")
USE = re.compile(r"\b(bisa|boleh)\s+(di ?pa?ka?[ei]\w*|dipake|buat|untuk|main|latihan)\b")
SHOWN = 3  # at most this many facilities of one kind described
# a wish to book said with the question ("mau sewa aula sabtu, bayar ga?"): a wanting word
# shortly before a booking verb (after normalise: "pengen" is "ingin", "pinjem" "pinjam")
WISH = re.compile(
    r"\b(?:mau|ingin|pingin|kepingin|hendak|arep|rencana\w*|minta|tolong|mohon|bisa)"
    r"(?:\s+\w+){0,2}?\s+(?:pesan\w*|me?mesan\w*|booking|book|sewa|nyewa|menyewa|pinjam\w*"
    r"|meminjam|pakai|memakai|make|reservasi|daftar)\b"
)


def hours_said(fac: Facility) -> str:
    """Opening hours as said aloud: "Senin-Jumat 08.00-20.00, Sabtu 09.00-16.00, Minggu
    tutup", or "setiap hari 07.00-21.00"."""
    runs: list[list[Any]] = []  # [first weekday, last weekday, hours or None]
    for day in range(7):
        hours = fac.hours.get(day)
        if runs and runs[-1][2] == hours:
            runs[-1][1] = day
        else:
            runs.append([day, day, hours])
    parts = []
    for first, last, hours in runs:
        days = WEEKDAYS[first].capitalize()
        if last > first:
            days += "-" + WEEKDAYS[last].capitalize()
        said = f"{hours[0]:%H.%M}-{hours[1]:%H.%M}" if hours else "tutup"
        parts.append(f"{days} {said}")
    if len(runs) == 1 and runs[0][2]:
        return "setiap hari " + parts[0].split(" ", 1)[1]
    return ", ".join(parts)


def _line(aspect: str, fac: Facility) -> str:
    if aspect == "fee":
        return t("actions.booking_fee_answer", facility=fac.name, fee=fac.fee.describe())
    if aspect == "rules":
        rules = " ".join(fac.house_rules) or t("actions.booking_no_rules")
        return t(
            "actions.booking_rules_answer", facility=fac.name, fee=fac.fee.describe(), rules=rules
        )
    if aspect == "hours":
        return t("actions.facility_hours_answer", facility=fac.name, hours=hours_said(fac))
    if aspect == "capacity":
        return t("actions.facility_capacity_answer", facility=fac.name, capacity=fac.capacity)
    if aspect == "place":
        return t("actions.facility_place_answer", facility=fac.name, location=fac.location)
    return t(
        "actions.facility_card",
        facility=fac.name,
        location=fac.location,
        hours=hours_said(fac),
        capacity=fac.capacity,
        fee=fac.fee.describe(),
    )


ASPECTS: list[tuple[str, Callable[[str], Any]]] = [
    ("fee", FEE.search),
    ("rules", RULES.search),
    ("capacity", CAPACITY.search),
    ("hours", HOURS.search),
    ("place", PLACE.search),
    ("card", USE.search),
]


def asked_aspects(text: str) -> list[str]:
    """The facts a question asks for, in the order they are told."""
    norm = normalise(text)
    return [name for name, found in ASPECTS if found(norm)]


def facility_facts(text: str, catalogue: Catalogue) -> dict[str, Any] | None:
    """The answer (text and buttons) to a question about facilities named in ``text``, or
    None when it is no such question (a wish to book, free times asked, nothing named)."""
    if not text or text.startswith("/") or not is_question(text):
        return None
    facilities = catalogue.match(text)
    aspects = asked_aspects(text)
    if not facilities or not aspects:
        return None
    lines = [_line(a, fac) for fac in facilities[:SHOWN] for a in aspects]
    key = facilities[0].id if len(facilities) == 1 else facilities[0].type
    entity = json.dumps({"facility_type": key})
    buttons = [
        {"title": t("actions.facility_see_free"), "payload": f"/check_availability{entity}"},
        {"title": t("actions.facility_book"), "payload": f"/book_facility{entity}"},
    ]
    return {"text": " ".join(lines), "buttons": buttons}


def wants_booking(text: str, today: date) -> bool:
    """Whether a message with a question about a facility also asks to book it: a wish to
    book ("mau sewa aula", "bisa pinjam ..."), or a day, a clock time or a group named
    ("aula sabtu jam 9 bayar ga?"). "berapa sewa aula kecamatan?" only asks."""
    norm = normalise(text)
    if WISH.search(norm) or find_people(text) is not None:
        return True
    try:
        found = find_time(text)
        return find_date(text, today) is not None or (found is not None and found.at is not None)
    except WhenError:
        return True  # an impossible day or hour was still said as one


def answer_facts(dispatcher: CollectingDispatcher, text: str, catalogue: Catalogue) -> bool:
    """Say the facts a question about facilities asks for; False when it is none."""
    facts = facility_facts(text, catalogue)
    if facts is None:
        return False
    dispatcher.utter_message(text=facts["text"], buttons=facts["buttons"])
    return True
