"""Reading a complaint from what the citizen wrote: the problem, the place, corrections.

Values are parsed by :mod:`core.lang` and the service functions of
:mod:`app.services.complaints`; nothing here talks to the citizen.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from rasa_sdk import Tracker

from actions.complaint.areas import names_kelurahan
from actions.complaint.opening import story_only
from actions.forms import message
from app.services import complaints as svc
from app.services.complaint_signs import signs
from core.lang import answers, places
from core.lang.restated import restated
from core.lang.text import drop_fillers, normalise

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
# "di jalan ...", also written (and transcribed) as one word: "dijalan melati"; "depan ...",
# "dekat ..." are kept in the place ("depan rumah saya")
PLACE_AFTER = re.compile(
    # "tempatnya di ...", not "tempat sampah di ..." (the thing, bench w-12)
    r"\b(?:(?:di|teng|lokasi(?:nya)?|alamat(?:nya)?|tempatnya)\s+|di(?=(?:jalan|jln|jl|gang|gg)\b)"
    r"|(?=(?:dekat|deket|depan|dpn|samping|belakang|sebelah|seberang|sekitar|ngajeng|sepanjang)\s))(.+)$",
    re.I,
)
# what an answer to "where" may start with: "lokasinya di", "tempatnya:", "rumah saya di", "eh"
ANSWER_LEAD = re.compile(
    r"^(?:(?:(?:lokasi|alamat|tempat)(?:nya)?(?:\s+ada)?\s*(?:di\s+|:\s*|adalah\s+)?)|di\s+|teng\s+"
    r"|wonten\s+|eh\s+|tadi\s+|rumah\s+(?:saya|sy|ibu|bapak|kami|aku|gw|gue)\s+(?:ada\s+)?"
    r"(?:di\s+|(?=(?:jl|jln|jalan|gang|gg)\b)))+",
    re.I,
)
# the citizen says they want to report ("saya mau melapor ...", "pengaduan")
REPORT_WORDS = re.compile(r"\b(lapor\w*|melapor\w*|mengadu\w*|aduan|pengaduan|komplain\w*)\b", re.I)
# "alamatnya salah, yang benar ...", "bukan lampu, tapi jalan rusak", "ganti lokasinya: ..."
# the new value first: "maksud saya jalan Melati, bukan jalan Mawar" (new, old)
NEW_BUKAN_OLD = re.compile(
    r"\b(?:(?:salah|keliru|ralat|koreksi)\b[\s:,!.]*(?:(?:maksud(?:nya|\s+(?:saya|sy|aku|gw|gue))?"
    r"|yang benar(?:nya)?)\b)?"  # "eh tadi salah, RT 05 bukan RT 04"
    r"|(?:maksud(?:nya|\s+(?:saya|sy|aku|gw|gue))?|yang benar(?:nya)?|harusnya|seharusnya)\b)"
    r"[\s:,]*(.+?)[\s,]+bukan\s+(.+?)[\s.!]*$",
    re.I,
)
STREET_WORD = re.compile(r"^(?:jalan|jln|jl\.?|gang|gg\.?)\s*", re.I)
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
    return svc.PlaceInfo(**{k: v for k, v in value.items() if k not in (PENDING, AREA)})


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


@lru_cache(maxsize=1)
def problem_words() -> tuple[str, ...]:
    """What ends a place in a sentence: the complaint signs' problems ("mati", "tidak
    diangkut") and their things that are no place ("lampu", "sampah"; not "jalan", "taman")."""
    found: set[str] = set()
    for things, problems in signs().values():
        found.update(problems)
        found.update(t for t in things if not places.looks_like_place(t) and t != "air hujan")
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def place_names() -> tuple[str, ...]:
    """The city's kelurahan and kecamatan names and the other cities citizens may name
    (app/data/sample_city.yml: a report there is refused as outside the city)."""
    c = svc.city()
    return tuple([k.name for k in c.kelurahan] + list(c.kecamatan) + list(c.other_places))


def place_phrase(text: str) -> str:
    """The place in an answer or a sentence, without what follows it ("jl kenari sukasari,
    udah seminggu" -> "jl kenari sukasari")."""
    spoken = restated(drop_fillers(text))  # "eee", "anu"; "rt 04 eh salah, RT 05": RT 05
    return places.place_phrase(ANSWER_LEAD.sub("", spoken), problem_words(), place_names())


def is_vague(place: svc.PlaceInfo) -> bool:
    """A typed place nobody could find ("depan rumah saya"): see core.lang.places."""
    return (
        place.latitude is None
        and place.kelurahan is None
        and places.is_vague(place.address, place_names())
    )


def needs_area(place: svc.PlaceInfo) -> bool:
    """A landmark or an RT/RW alone ("depan masjid al-ikhlas", "rt 3 rw 5"): asked once."""
    return (
        place.latitude is None
        and place.kelurahan is None
        and place.kecamatan is None
        and not places.names_area(place.address, place_names())
    )


def place_in(text: str) -> svc.PlaceInfo | None:
    """A place named in a longer sentence ("... di jl melati rt 03 sukamaju, sudah ..."), cut
    where the sentence goes on; a vague one ("depan rumah saya") is kept as said."""
    match = PLACE_AFTER.search(text)
    if match is None:
        return None
    said = match.group(1)
    inner = INNER_DI.search(said)  # "di kabel di jl nanas": the street's "di", not "kabel"
    if inner is not None and not places.looks_like_place(said[: inner.start()]):
        said = said[inner.end() :]
    return place_of(place_phrase(said))


INNER_DI = re.compile(r"\b(?:di|sepanjang)\s*(?=(?:jalan|jln|jl|gang|gg|perum|kompleks?)\b)", re.I)


def place_of(phrase: str) -> svc.PlaceInfo | None:
    """The place a phrase names; a vague one ("depan rumah saya") as said; None for no place."""
    try:
        return svc.place_from_text(phrase)
    except svc.InvalidComplaintInput as error:
        if error.key == "location_unclear" and places.looks_like_place(phrase):
            return svc.PlaceInfo(address=phrase)
        return None


PENDING = "pending"  # in complaint_place: a vague place whose details are being asked
AREA = "area"  # with PENDING: the place needs only its street or kelurahan (needs_area)


def place_slots(place: svc.PlaceInfo) -> dict[str, Any]:
    """The location and place slots of a place found in a message (a vague one is asked
    about once more when it is validated: form.py)."""
    return {"complaint_location": location_label(place), "complaint_place": place_dict(place)}


def pending_place(tracker: Tracker) -> svc.PlaceInfo | None:
    """A vague place whose details the location question asks for (asked once)."""
    value = tracker.get_slot("complaint_place")
    return place_from_slot(value) if isinstance(value, dict) and value.get(PENDING) else None


def with_details(pending: svc.PlaceInfo, text: str) -> str:
    """The answer to "where exactly" joined to the vague place said first; "tidak tahu" keeps
    the vague place as it is (the dinas asks the citizen)."""
    if is_command(text) or answers.is_unknown(text):
        return location_label(pending)
    detail = place_phrase(text)
    if len(detail) <= len(pending.address):  # cut to nothing new: the answer as said
        detail = drop_fillers(text)
    if pending.address.lower() in detail.lower():
        return detail
    return f"{detail} ({pending.address})"


def from_message(tracker: Tracker) -> tuple[dict[str, Any], svc.ComplaintError | None]:
    """Category, description and location recognised in a free-text complaint, and the
    reason a shared location could not be used (to explain to the citizen)."""
    text = restated(text_of(tracker))  # "rt 04 eh salah, maksud saya RT 05": only RT 05
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
    named = place_in(text)
    if named is not None:  # kept even when the problem is not recognised yet
        found |= place_slots(named)
    # the classifier's phrase, unless the whole message names another category more
    code = svc.better_category(text, code) if code else svc.recognise_category(text)
    story = story_only(drop_fillers(text))  # not "eee", nor "ga ada foto, rahasiain nama sy"
    if code is None:  # the story is kept while its kind is asked (bench z-10: it was lost)
        if named is not None and len(story) >= svc.DESCRIPTION_MIN_CHARS:
            found["complaint_description"] = story[: svc.DESCRIPTION_MAX_CHARS]
        return found, None
    found["complaint_category"] = code
    try:
        found["complaint_description"] = svc.clean_description(story)
    except svc.InvalidComplaintInput as error:
        if error.key != "description_too_short":
            return found, None
        # "pju mati": short, but with its category recognised it says what is wrong
        found["complaint_description"] = description_as_said(story, code)
    return found, None


# "bukan lampu tapi jalan rusak", "eh bukan got min, maksudnya pipa pdam nya bocor"
BUKAN_NEW = re.compile(
    r"\bbukan\b.+?(?:\b(?:tapi|tetapi|melainkan)\b|[,;]\s*(?:maksud(?:nya|\s+(?:saya|sy|aku|gw|gue))?"
    r"|yang\s+bene?r(?:nya)?|yg\s+bene?r(?:nya)?)\b)[\s,:]*(.+)$",
    re.I,
)
BUKAN_TAPI = re.compile(r"\bbukan\s+(.+?)[\s,]*\b(?:tapi|tetapi|melainkan)\b[\s,]*(.+)$", re.I)


RT_RW = re.compile(r"\b(rt|rw)\.?\s*0*(\d{1,3})\b", re.I)
# "bukan karang anyar, cibening maksud gue": the old part, then the new one after a comma
BUKAN_COMMA = re.compile(
    r"\bbukan\s+([^,]+?)\s*,\s*(.+?)(?:\s+(?:maksud\w*|yang\s+bene?r\w*)(?:\s+\w+)?)?[\s.!]*$", re.I
)


def renumbered(current: str, text: str) -> str | None:
    """ "eh salah rt 6 maksudnya" said of "gang mawar 2 rt 5": the RT (or RW) number changes
    ("gang mawar 2 rt 6"), or is added when the address had none; None without an RT/RW."""
    said = RT_RW.findall(text)
    new = {kind.lower(): number for kind, number in said}
    if not new or len(new) < len(said):  # "RT 05 bukan RT 04": which is which, below
        return None
    had = {kind.lower() for kind, _ in RT_RW.findall(current)}

    def fix(m: re.Match[str]) -> str:
        kind = m.group(1).lower()
        return f"{m.group(1)} {new[kind]}" if kind in new else m.group(0)

    out = RT_RW.sub(fix, current)
    added = " ".join(f"{kind.upper()} {number}" for kind, number in new.items() if kind not in had)
    return f"{out} {added}".strip() if added else out


def replaced_in(current: str | None, text: str) -> str | None:
    """ "bukan jl kenanga tapi jl kenari" said of "jl kenanga sukasari": only the part named
    changes ("jl kenari sukasari"); an RT/RW said alone changes its number; None when the
    old part is not in ``current``."""
    if current and RT_RW.search(text) and not STREET.search(RT_RW.sub(" ", text)):
        fixed = renumbered(current, text)
        if fixed is not None:
            return fixed
    m = BUKAN_TAPI.search(text) or BUKAN_COMMA.search(text)
    r = NEW_BUKAN_OLD.search(text)
    if not current or (m is None and r is None):
        return None
    old, new = (m.group(1), m.group(2)) if m else (r.group(2), r.group(1))  # type: ignore[union-attr]
    old, new = old.strip(" ,."), new.strip(" ,.")
    if old and old.lower() not in current.lower():
        # "jalan Mawar" said of "jl mawar sumbersari": the names without "jalan"/"jl"
        old, new = STREET_WORD.sub("", old), STREET_WORD.sub("", new)
    if not old or not new or old.lower() not in current.lower():
        return None
    return re.sub(re.escape(old), lambda _: new, current, count=1, flags=re.I)


def correction_for(text: str, slot_words: dict[str, list[str]]) -> tuple[str, str] | None:
    """A correction of an earlier answer: (slot, new value text, maybe ""). Only when the
    message says it corrects ("salah", "ganti", "bukan ... tapi") and names the part."""
    if not CORRECTION.search(text):
        return None
    norm = text.lower()
    for slot, words in slot_words.items():
        for w in words:
            named = re.search(rf"\b{re.escape(w)}(?:nya|ny)?\b", norm)  # "alamatny" typed
            if named is None:
                continue
            m = NEW_VALUE.search(text)
            value = (m.group(1) or m.group(2) or "") if m else text[named.end() :]
            value = value.strip(" ,.:;")
            if CORRECTION.fullmatch(value.split(" ")[0] if value else ""):
                value = ""  # "alamatnya salah": nothing new yet, the question comes again
            return slot, value
    if "complaint_location" in slot_words and RT_RW.search(text) and len(text.split()) <= 8:
        return "complaint_location", RT_RW.search(text).group(0)  # type: ignore[union-attr]
    if "complaint_location" in slot_words and PLACE_AFTER.search(text):
        return "complaint_location", PLACE_AFTER.search(text).group(1).strip()  # type: ignore[union-attr]
    m = BUKAN_NEW.search(text)
    if m and svc.recognise_category(m.group(1)):
        return "complaint_category", m.group(1).strip()
    if m and "complaint_location" in slot_words and not places.is_vague(m.group(1), place_names()):
        return "complaint_location", m.group(1).strip()  # "bukan jl kenanga tapi jl kenari"
    r = NEW_BUKAN_OLD.search(text)
    if r and "complaint_location" in slot_words and not places.is_vague(r.group(1), place_names()):
        return "complaint_location", r.group(1).strip(" ,.")  # "maksud saya jl X, bukan jl Y"
    b = BUKAN_COMMA.search(text)  # "eh salah bang, bukan karang anyar, cibening maksud gue"
    if b and "complaint_location" in slot_words and names_kelurahan(b.group(2)):
        return "complaint_location", b.group(2).strip(" ,.")
    last = re.split(r"[,;]\s*", text.strip(" ,.;"))[-1]  # "eh salah bkn jatisari, jl rukem X"
    if "complaint_location" in slot_words and STREET.search(last) and not CORRECTION.search(last):
        return "complaint_location", last.strip(" ,.")
    return None


DETAIL_MIN_WORDS = 3
STREET = re.compile(r"\b(?:jl|jln|jalan|gg|gang|rt|perum|komplek)\b\.?\s*\w", re.I)
# a reply about the photo itself ("nanti saya kirim fotonya", "hp saya nggak bisa foto")
PHOTO_TALK = re.compile(
    r"\b(foto|poto|gambar|kirim|krm|kamera|video|upload|unggah|lampir|jepret|hp|ponsel|handphone)"
)


def more_detail(text: str, description: Any) -> str | None:
    """The description with ``text`` added when the reply to another question (the photo)
    tells more about the problem: several words, no yes/no, no question, not said before.
    None otherwise (the question's own answer, or nothing new)."""
    words = normalise(text).split()
    if len(words) < DETAIL_MIN_WORDS or "?" in text or not description:
        return None
    if PHOTO_TALK.search(" ".join(words)) or words[0] in answers.QUESTION_WORDS:
        return None
    if answers.yes_no(text) is not None or answers.is_skip(text) or answers.is_unknown(text):
        return None
    if answers.is_thanks(text) or " ".join(words) in normalise(str(description)):
        return None
    try:
        return svc.clean_description(f"{str(description).rstrip('. ')}. {text.strip()}")
    except svc.InvalidComplaintInput:
        return None  # too long together: the description as it was
