"""Reading a complaint from what the citizen wrote: the problem, the place, corrections.

Values are parsed by :mod:`core.lang` and the service functions of
:mod:`app.services.complaints`; nothing here talks to the citizen.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Tracker

from actions.forms import message
from app.services import complaints as svc

# the message readers every form shares (actions/forms/message.py)
entity = message.entity
intent_of = message.intent_of
metadata = message.metadata
text_of = message.text_of


NONE = "none"  # a slot answered with "no" (no photo, no NIK)
FORM_SLOTS = (
    "complaint_category",
    "complaint_description",
    "complaint_location",
    "complaint_place",
    "complaint_duplicate_of",
    "complaint_duplicate_choice",
    "complaint_photo",
    "complaint_privacy",
    "complaint_contact_ok",
    "complaint_phone",
    "complaint_nik",
    "complaint_nik_masked",
    "complaint_confirm",
)
# "di jalan ...", also written (and transcribed) as one word: "dijalan melati"
PLACE_AFTER = re.compile(
    r"\b(?:(?:di|dekat|depan|samping|belakang|sekitar|lokasi(?:nya)?|alamat(?:nya)?|"
    r"tempat(?:nya)?)\s+|di(?=(?:jalan|jln|jl|gang|gg)\b))(.+)$",
    re.I,
)
# the citizen says they want to report ("saya mau melapor ...", "pengaduan")
REPORT_WORDS = re.compile(r"\b(lapor\w*|melapor\w*|mengadu\w*|aduan|pengaduan|komplain\w*)\b", re.I)
# "alamatnya salah, yang benar ...", "bukan lampu, tapi jalan rusak", "ganti lokasinya: ..."
CORRECTION = re.compile(r"\b(salah|ganti|ubah|ralat|koreksi|bukan|keliru|maksud saya)\b", re.I)
NEW_VALUE = re.compile(
    r"\b(?:yang benar(?:nya)?(?: adalah)?|seharusnya|harusnya|sebenarnya|tapi|tetapi|melainkan|"
    r"menjadi|jadi|maksud saya|maksudnya)\b[\s:,]*(.+)$|:\s*(.+)$",
    re.I,
)


def is_command(text: str) -> bool:
    return text.startswith("/")


def shared_point(tracker: Tracker) -> tuple[float, float] | None:
    loc = metadata(tracker).get("location")
    if isinstance(loc, dict) and "latitude" in loc and "longitude" in loc:
        return float(loc["latitude"]), float(loc["longitude"])
    lat, lon = entity(tracker, "latitude"), entity(tracker, "longitude")
    if lat is not None and lon is not None:
        return float(lat), float(lon)
    return None


def place_dict(place: svc.PlaceInfo) -> dict[str, Any]:
    return {
        "address": place.address,
        "kelurahan": place.kelurahan,
        "kecamatan": place.kecamatan,
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


def place_from_slot(value: Any) -> svc.PlaceInfo | None:
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, dict):
        return None
    return svc.PlaceInfo(**value)


def location_label(place: svc.PlaceInfo) -> str:
    parts = [place.address]
    if place.kelurahan and place.kelurahan.lower() not in place.address.lower():
        parts.append(f"Kel. {place.kelurahan}")
    if place.kecamatan and place.kecamatan.lower() not in place.address.lower():
        parts.append(f"Kec. {place.kecamatan}")
    return ", ".join(parts)


def category_name(code: str | None) -> str:
    if not code:
        return "-"
    cat = svc.routing().categories.get(code)
    return cat.name if cat else code


def description_as_said(text: str, category: str | None) -> str:
    """What the citizen said, however short; under the service's minimum it follows the
    category's name ("Lampu penerangan jalan mati (pju mati)"), so that filing accepts it."""
    said = " ".join(text.split())
    if len(said) >= svc.DESCRIPTION_MIN_CHARS or not category:
        return said
    name = category_name(category)
    return f"{name} ({said})" if said else name


def place_in(text: str) -> svc.PlaceInfo | None:
    """A place named in a longer sentence ("... di jl melati rt 03 sukamaju")."""
    match = PLACE_AFTER.search(text)
    if not match:
        return None
    try:
        return svc.place_from_text(match.group(1))
    except svc.InvalidComplaintInput:
        return None


def from_message(tracker: Tracker) -> tuple[dict[str, Any], svc.ComplaintError | None]:
    """Category, description and location recognised in a free-text complaint, and the
    reason a shared location could not be used (to explain to the citizen)."""
    text = text_of(tracker)
    found: dict[str, Any] = {}
    code = entity(tracker, "complaint_category")
    if code and code not in svc.routing().categories:
        code = svc.recognise_category(code)
    if is_command(text):
        if code:
            found["complaint_category"] = code
        point = shared_point(tracker)
        if point is not None:
            try:
                place = svc.place_from_point(*point)
            except svc.InvalidComplaintInput as error:
                return found, error
            found["complaint_location"] = location_label(place)
            found["complaint_place"] = place_dict(place)
        return found, None
    code = code or svc.recognise_category(text)
    if code is None:
        return found, None
    found["complaint_category"] = code
    try:
        found["complaint_description"] = svc.clean_description(text)
    except svc.InvalidComplaintInput as error:
        if error.key != "description_too_short":
            return found, None
        # "pju mati": short, but with its category recognised it says what is wrong
        found["complaint_description"] = description_as_said(text, code)
    named = place_in(text)
    if named is not None:
        found["complaint_location"] = location_label(named)
        found["complaint_place"] = place_dict(named)
    return found, None


def correction_for(text: str, slot_words: dict[str, list[str]]) -> tuple[str, str] | None:
    """A correction of an earlier answer: (slot, new value text, maybe ""). Only when the
    message says it corrects ("salah", "ganti", "bukan ... tapi") and names the part."""
    if not CORRECTION.search(text):
        return None
    norm = text.lower()
    for slot, words in slot_words.items():
        for w in words:
            named = re.search(rf"\b{re.escape(w)}(?:nya)?\b", norm)
            if named is None:
                continue
            m = NEW_VALUE.search(text)
            value = (m.group(1) or m.group(2) or "") if m else text[named.end() :]
            value = value.strip(" ,.:;")
            if CORRECTION.fullmatch(value.split(" ")[0] if value else ""):
                value = ""  # "alamatnya salah": nothing new yet, the question comes again
            return slot, value
    if "complaint_location" in slot_words and PLACE_AFTER.search(text):
        return "complaint_location", PLACE_AFTER.search(text).group(1).strip()  # type: ignore[union-attr]
    m = re.search(r"\bbukan\b.+?\b(?:tapi|tetapi|melainkan)\b[\s,]*(.+)$", text, re.I)
    if m and svc.recognise_category(m.group(1)):
        return "complaint_category", m.group(1).strip()
    return None
