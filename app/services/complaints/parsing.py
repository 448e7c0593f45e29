"""What the citizen typed or said, made usable: category, description, place, NIK, phone,
ticket code. Every refusal is an :class:`InvalidComplaintInput` naming the field."""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.id import nik as stdnum_nik

from app.services.complaints.errors import InvalidComplaintInput
from app.services.complaints.routing import city, routing
from app.services.privacy import NIK_TOKEN_RE, nik_hmac
from core.lang import ids

TICKET_RE = ids.TICKET_PATTERN  # every spelling of a ticket code: "lpr 2026 7", "LPR-2026-000007"
DESCRIPTION_MIN_CHARS = 10
DESCRIPTION_MAX_CHARS = 1000  # chat messages are capped at 2,000; Open311 allows 4,000
OPEN311_DESCRIPTION_MAX_CHARS = 4000


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def _keyword_pattern(keyword: str) -> str:
    """A keyword whose words may have up to three words between them: "lampu mati" also
    finds "lampu di gang kami mati" (and a recogniser's "lampu dalam mati")."""
    return r"\b" + r"(?:\s+\w+){0,3}\s+".join(map(re.escape, keyword.split())) + r"\b"


def keyword_scores(text: str) -> dict[str, tuple[int, int]]:
    """Per category: how many of its keywords (and its name) ``text`` names, and their
    letters."""
    norm = _norm(text)
    scores: dict[str, tuple[int, int]] = {}
    for cat in routing().categories.values():
        for kw in (*cat.keywords, _norm(cat.name)):
            if re.search(_keyword_pattern(kw), norm):
                found, letters = scores.get(cat.code, (0, 0))
                scores[cat.code] = (found + 1, letters + len(kw))
    return scores


def recognise_category(text: str) -> str | None:
    """The category whose keywords cover most of ``text`` (a code is taken as it is); a plain
    description without keywords is read by its thing and problem (complaint_signs)."""
    norm = _norm(text)
    if norm.replace(" ", "_") in routing().categories:
        return norm.replace(" ", "_")
    scores = keyword_scores(text)
    if scores:
        return max(scores, key=lambda code: scores[code])
    from app.services.complaint_signs import by_signs

    return by_signs(text)


# a second problem starts here: "lampu jalan mati trs got nya jg mampet" (bench w-01)
_NEXT_PROBLEM = re.compile(r"\b(?:terus|trus|trs|lalu|juga|jg|selain itu|satu lagi)\b")


def better_category(text: str, code: str) -> str:
    """``code`` (one phrase's category, e.g. the classifier's entity "genangan"), or the
    category whose keywords the part of the message that names it names more of ("genangan
    air, banyak jentik nyamuk, takut demam berdarah" is a health matter). A second problem
    told after it ("... mati, terus got-nya juga mampet") leaves the first one."""
    for part in _NEXT_PROBLEM.split(text):
        scores = keyword_scores(part)
        if code not in scores:
            continue
        best = max(scores, key=lambda c: scores[c])
        return best if scores[best][0] > scores[code][0] else code
    return code


def clean_description(text: str, max_chars: int = DESCRIPTION_MAX_CHARS) -> str:
    """Trimmed description; HTML or SQL stays plain text (escaped where it is shown)."""
    cleaned = re.sub(r"[ \t]+", " ", (text or "").replace("\x00", "")).strip()
    if not cleaned:
        raise InvalidComplaintInput("description", "description_empty")
    if len(cleaned) < DESCRIPTION_MIN_CHARS:
        raise InvalidComplaintInput("description", "description_too_short", cleaned)
    if len(cleaned) > max_chars:
        raise InvalidComplaintInput("description", "description_too_long", str(len(cleaned)))
    return cleaned


@dataclass(frozen=True)
class PlaceInfo:
    address: str
    kelurahan: str | None = None
    kecamatan: str | None = None
    latitude: float | None = None
    longitude: float | None = None


_STREET_RE = re.compile(
    r"\b(jalan|jl|jln|gang|gg|rt|rw|komplek|kompleks|perumahan|perum|blok|pasar|taman|"
    r"simpang|depan|dekat|samping|belakang|kelurahan|kel|kecamatan|kec|desa|kampung|no)\b"
)


def _place_name(norm: str, names: list[str], cutoff: float = 0.85) -> str | None:
    """The gazetteer name written in ``norm``; else the one a speech recogniser most likely
    split or misspelt ("suka maju", "sukar maju" -> Sukamaju): one to three words joined,
    compared with names of six letters or more."""
    for name in names:
        if re.search(rf"\b{_norm(name)}\b", norm):
            return name
    words = norm.split()
    best: tuple[float, str] | None = None
    for name in names:
        target = _norm(name).replace(" ", "")
        if len(target) < 6:
            continue
        for size in (1, 2, 3):
            for i in range(len(words) - size + 1):
                ratio = difflib.SequenceMatcher(None, "".join(words[i : i + size]), target).ratio()
                if ratio >= cutoff and (best is None or ratio > best[0]):
                    best = (ratio, name)
    return best[1] if best else None


# "di Jl. Jambu RT 01, nak": the words around an address that are not part of it
_PLACE_LEAD = re.compile(r"^(?:di|lokasinya|lokasi|alamatnya|alamat|tempatnya)\s+", re.I)
# (only after a comma: "Jl. Melati Gang Mas" ends in a street's name)
_VOCATIVE = r"(?:nak|pak|bu|bapak|ibu|kak|mas|mbak|ya|min|dik)"
_PLACE_TAIL = re.compile(rf"\s*,\s*{_VOCATIVE}(?:[\s,]+{_VOCATIVE})*\b[\s.,!]*$", re.I)


# a long answer that tells a story around the address (bench w-04: "begini nak, rumah ibu itu
# masuk gang di Jl. Gardenia RT 02 ..., sebelah warung bu Ijah. Lampunya ... sejak cucu ibu
# pulang kampung lebaran kemarin ..."): the sentence that names a street, from the street on
_STORY_MIN_WORDS = 20
_ADDRESS_START = re.compile(
    r"\b(?:jalan|jl|jln|gang|gg|komplek|kompleks|perumahan|perum)\b\.?\s+(?!(?:di|ke|yang|itu|ini)\b)",
    re.I,
)
_SENTENCE_END = re.compile(
    r"(?<!\bjl)(?<!\bjln)(?<!\bgg)(?<!\bno)(?<!\bkel)(?<!\bkec)[.!?]+\s+", re.I
)


def story_trimmed(text: str) -> str:
    """``text``, or of a long story only the address in it (see _STORY_MIN_WORDS)."""
    if len(text.split()) < _STORY_MIN_WORDS:
        return text
    for sentence in _SENTENCE_END.split(text):
        start = _ADDRESS_START.search(sentence)
        if start:
            return sentence[start.start() :].strip(" ,.")
    return text


def place_from_text(text: str) -> PlaceInfo:
    """A typed address: kelurahan/kecamatan recognised; another city's name refused."""
    address = story_trimmed(re.sub(r"\s+", " ", (text or "").strip()))
    address = _PLACE_TAIL.sub("", _PLACE_LEAD.sub("", address)).strip(" ,")
    if not address:
        raise InvalidComplaintInput("location", "location_empty")
    if len(address) > 300:
        raise InvalidComplaintInput("location", "location_too_long")
    norm = _norm(address)
    c = city()
    kel_name = _place_name(norm, [k.name for k in c.kelurahan])
    kel = next((k for k in c.kelurahan if k.name == kel_name), None)
    kec = next((k for k in c.kecamatan if re.search(rf"\b{_norm(k)}\b", norm)), None)
    if kel is None and kec is None:
        other = next((p for p in c.other_places if re.search(rf"\b{p}\b", norm)), None)
        if other is not None:
            raise InvalidComplaintInput("location", "location_outside_city", other)
        if not _STREET_RE.search(norm) or len(norm.split()) < 2:
            raise InvalidComplaintInput("location", "location_unclear", address)
    return PlaceInfo(
        address=address,
        kelurahan=kel.name if kel else None,
        kecamatan=kel.kecamatan if kel else kec,
    )


def place_from_point(lat: float, lon: float, address: str | None = None) -> PlaceInfo:
    """A shared GPS location: must lie in the city; the nearest kelurahan is named."""
    c = city()
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not c.contains(lat, lon):
        raise InvalidComplaintInput("location", "location_outside_city", f"{lat},{lon}")
    kel = min(c.kelurahan, key=lambda k: distance_m(lat, lon, k.lat, k.lon))
    label = address or f"Titik lokasi {lat:.5f}, {lon:.5f}"
    return PlaceInfo(
        address=label, kelurahan=kel.name, kecamatan=kel.kecamatan, latitude=lat, longitude=lon
    )


def validate_nik(value: str) -> str:
    """A NIK (16 digits, date and region checked by python-stdnum), compact."""
    try:
        return str(stdnum_nik.validate(value))
    except StdnumValidationError as error:
        raise InvalidComplaintInput("nik", "nik_invalid", type(error).__name__) from error


def nik_fingerprint(secret_key: str, value: str) -> str:
    """The HMAC to store for a NIK given as digits or as the token the app put in its
    place (app/services/privacy.py); a token of an invalid NIK is refused like one."""
    token = NIK_TOKEN_RE.fullmatch(value.strip())
    if token is not None:
        if token.group("valid") != "v":
            raise InvalidComplaintInput("nik", "nik_invalid", "token")
        return token.group("hmac")
    return nik_hmac(secret_key, validate_nik(value))


def validate_phone(value: str) -> str:
    """An Indonesian phone number as 08... (or a landline, 0...), from 08.., +62.. or 62..
    with any separators (``core.lang.ids.find_phone_number``)."""
    phone = ids.find_phone_number(value or "")
    if phone is None:
        raise InvalidComplaintInput("phone", "phone_invalid")
    return phone


def parse_ticket_code(text: str) -> str | None:
    """'lpr 2026 123', 'LPR-2026-000123' -> 'LPR-2026-000123'."""
    return ids.find_ticket_code(text or "")


def mask_nik(nik: str) -> str:
    return nik[:4] + "*" * max(0, len(nik) - 4)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))
