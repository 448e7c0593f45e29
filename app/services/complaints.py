"""Complaints (pengaduan): one set of service functions for every entry point.

The chat actions, the staff API and Open311 all call these functions; none writes SQL
of its own. Routing (category -> dinas -> SLA in working days) and the sample city's
area are data: ``app/data/complaint_categories.yml`` and ``app/data/sample_city.yml``.

Errors::

    ComplaintError                 base; ``key`` names the Indonesian text for the citizen
    ├── InvalidComplaintInput      a field the citizen gave cannot be used (``field``)
    ├── ComplaintNotFound          no ticket with that number
    └── InvalidTransition          a status change the workflow does not allow
"""

from __future__ import annotations

import difflib
import hmac
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import holidays
import yaml
from sqlalchemy import func, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.id import nik as stdnum_nik

from app.models import (
    Complaint,
    ComplaintFollower,
    ComplaintHistory,
    ComplaintStatus,
    Privacy,
    TicketCounter,
)
from app.models.base import utcnow
from app.services.privacy import NIK_TOKEN_RE, nik_hmac
from core.errors import Conflict, HaloWargaError, InvalidInput, NotFound
from core.lang import ids

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TICKET_PREFIX = ids.TICKET_PREFIX
TICKET_RE = ids.TICKET_PATTERN  # every spelling of a ticket code: "lpr 2026 7", "LPR-2026-000007"
DESCRIPTION_MIN_CHARS = 10
DESCRIPTION_MAX_CHARS = 1000  # chat messages are capped at 2,000; Open311 allows 4,000
OPEN311_DESCRIPTION_MAX_CHARS = 4000
DUPLICATE_RADIUS_M = 100.0
DUPLICATE_WINDOW_DAYS = 30
LOW_RATING = 2  # a rating at or below this flags the ticket for review

# The workflow: which status may follow which. Closing as ditolak / bukan_wewenang needs
# a reason. A selesai ticket may be reopened (diproses) after a low rating.
TRANSITIONS: dict[ComplaintStatus, tuple[ComplaintStatus, ...]] = {
    ComplaintStatus.DITERIMA: (
        ComplaintStatus.DIVERIFIKASI,
        ComplaintStatus.DITOLAK,
        ComplaintStatus.BUKAN_WEWENANG,
    ),
    ComplaintStatus.DIVERIFIKASI: (
        ComplaintStatus.DIDISPOSISIKAN,
        ComplaintStatus.DITOLAK,
        ComplaintStatus.BUKAN_WEWENANG,
    ),
    ComplaintStatus.DIDISPOSISIKAN: (
        ComplaintStatus.DIPROSES,
        ComplaintStatus.DITOLAK,
        ComplaintStatus.BUKAN_WEWENANG,
    ),
    ComplaintStatus.DIPROSES: (ComplaintStatus.SELESAI, ComplaintStatus.DITOLAK),
    ComplaintStatus.SELESAI: (ComplaintStatus.DIPROSES,),
    ComplaintStatus.DITOLAK: (),
    ComplaintStatus.BUKAN_WEWENANG: (),
}
NEEDS_REASON = (ComplaintStatus.DITOLAK, ComplaintStatus.BUKAN_WEWENANG)


class ComplaintError(HaloWargaError):
    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key


class InvalidComplaintInput(InvalidInput, ComplaintError):
    def __init__(self, field_name: str, key: str, detail: str = "") -> None:
        super().__init__(key, detail)
        self.field = field_name


class ComplaintNotFound(NotFound, ComplaintError):
    def __init__(self, detail: str = "") -> None:
        super().__init__("ticket_not_found", detail)


class InvalidTransition(Conflict, ComplaintError):
    pass


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    group: str
    dinas: str
    sla_days: int
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class RoutingTable:
    dinas: dict[str, str]
    categories: dict[str, Category]

    def category(self, code: str) -> Category:
        try:
            return self.categories[code]
        except KeyError:
            raise InvalidComplaintInput("category", "category_unknown", code) from None

    def dinas_name(self, code: str) -> str:
        return self.dinas.get(code, code)


@cache
def routing(path: Path | None = None) -> RoutingTable:
    raw = yaml.safe_load((path or DATA_DIR / "complaint_categories.yml").read_text("utf-8"))
    dinas = {str(k): str(v) for k, v in raw["dinas"].items()}
    cats: dict[str, Category] = {}
    for code, c in raw["categories"].items():
        if c["dinas"] not in dinas:
            raise ValueError(f"category {code}: unknown dinas {c['dinas']}")
        cats[code] = Category(
            code=code,
            name=c["name"],
            group=c.get("group", ""),
            dinas=c["dinas"],
            sla_days=int(c["sla_days"]),
            keywords=tuple(str(k).lower() for k in c.get("keywords", [])),
        )
    return RoutingTable(dinas=dinas, categories=cats)


@dataclass(frozen=True)
class Kelurahan:
    name: str
    kecamatan: str
    lat: float
    lon: float


@dataclass(frozen=True)
class City:
    name: str
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float
    kelurahan: tuple[Kelurahan, ...]
    other_places: tuple[str, ...]

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon

    @property
    def kecamatan(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k.kecamatan for k in self.kelurahan))


@cache
def city(path: Path | None = None) -> City:
    raw = yaml.safe_load((path or DATA_DIR / "sample_city.yml").read_text("utf-8"))
    kel = tuple(
        Kelurahan(name=name, kecamatan=kec, lat=float(pt[0]), lon=float(pt[1]))
        for kec, members in raw["kecamatan"].items()
        for name, pt in members.items()
    )
    b = raw["bounds"]
    return City(
        name=raw["name"],
        min_lat=float(b["min_lat"]),
        max_lat=float(b["max_lat"]),
        min_lon=float(b["min_lon"]),
        max_lon=float(b["max_lon"]),
        kelurahan=kel,
        other_places=tuple(str(p).lower() for p in raw.get("other_places", [])),
    )


# ------------------------------------------------------------------ parsing input


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def _keyword_pattern(keyword: str) -> str:
    """A keyword whose words may have up to three words between them: "lampu mati" also
    finds "lampu di gang kami mati" (and a recogniser's "lampu dalam mati")."""
    return r"\b" + r"(?:\s+\w+){0,3}\s+".join(map(re.escape, keyword.split())) + r"\b"


def recognise_category(text: str) -> str | None:
    """The category whose keywords cover most of ``text`` (a code is taken as it is); a plain
    description without keywords is read by its thing and problem (complaint_signs)."""
    norm = _norm(text)
    table = routing()
    if norm.replace(" ", "_") in table.categories:
        return norm.replace(" ", "_")
    scores: dict[str, tuple[int, int]] = {}  # (keywords found, their letters)
    for cat in table.categories.values():
        for kw in (*cat.keywords, _norm(cat.name)):
            if re.search(_keyword_pattern(kw), norm):
                found, letters = scores.get(cat.code, (0, 0))
                scores[cat.code] = (found + 1, letters + len(kw))
    if scores:
        return max(scores, key=lambda code: scores[code])
    from app.services.complaint_signs import by_signs

    return by_signs(text)


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


def place_from_text(text: str) -> PlaceInfo:
    """A typed address: kelurahan/kecamatan recognised; another city's name refused."""
    address = re.sub(r"\s+", " ", (text or "").strip())
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


CHANNEL_NAMES = {
    "telegram": "Telegram",
    "whatsapp": "WhatsApp",
    "web": "chat web",
    "kiosk": "kiosk",
}


def _received_via(draft: ComplaintDraft) -> str:
    """How the report came in, for its history: the chat channel by name, or the source."""
    if draft.source == "chat" and draft.reporter_conversation_id:
        channel = draft.reporter_conversation_id.partition(":")[0]
        return CHANNEL_NAMES.get(channel, "chat")
    return {"open311": "Open311", "staff": "petugas"}.get(draft.source, draft.source)


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


# ------------------------------------------------------------------ dates and numbers


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year).keys())


def add_working_days(start: date, days: int) -> date:
    """``days`` working days after ``start``: weekends and Indonesian public holidays
    (the ``holidays`` library) are skipped."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in _holidays(current.year):
            left -= 1
    return current


def warm_up() -> None:
    """Load the holiday calendars once (the first use of ``holidays`` takes seconds)."""
    today = datetime.now(UTC).date()
    for year in (today.year, today.year + 1):
        _holidays(year)


def allocate_ticket(session: Session, year: int) -> tuple[int, str]:
    """Next number of ``year``: one atomic ``INSERT .. ON CONFLICT DO UPDATE .. RETURNING``.

    On PostgreSQL the row lock serialises concurrent callers; on SQLite the statement takes
    the database write lock. Either way two callers never get the same number. The caller's
    transaction holds the counter until it commits.
    """
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table: Any = TicketCounter.__table__  # type: ignore[attr-defined]
    stmt = insert(table).values(year=year, last=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.year], set_={"last": table.c.last + 1}
    ).returning(table.c.last)
    seq = int(session.execute(stmt).scalar_one())
    return seq, f"{TICKET_PREFIX}-{year}-{seq:06d}"


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


# ------------------------------------------------------------------ filing


@dataclass
class ComplaintDraft:
    category: str
    description: str
    place: PlaceInfo
    privacy: Privacy = Privacy.BIASA
    photo_url: str | None = None
    reporter_conversation_id: str | None = None
    reporter_name: str | None = None
    reporter_phone: str | None = None
    reporter_email: str | None = None
    nik: str | None = None
    source: str = "chat"
    extra: dict[str, str] = field(default_factory=dict)


_ADDRESS_WORDS = {"jalan": "jl", "jln": "jl", "gang": "gg", "nomor": "no", "nmr": "no"}
_ADDRESS_DROP = {"kelurahan", "kel", "kecamatan", "kec", "kota", "desa", "di", "dekat"}


def address_key(address: str) -> str:
    """A typed address reduced for comparison: 'Jl. Melati RT 03, Kel. Sukamaju' and
    'jalan melati rt 3 sukamaju' give the same key."""
    c = city()
    names = {_norm(k.name) for k in c.kelurahan} | {_norm(k) for k in c.kecamatan}
    norm = _norm(address)
    for name in sorted(names, key=len, reverse=True):
        norm = re.sub(rf"\b{re.escape(name)}\b", " ", norm)
    words = [_ADDRESS_WORDS.get(w, w) for w in norm.split() if w not in _ADDRESS_DROP]
    return " ".join(str(int(w)) if w.isdigit() else w for w in words)


_STREET_KEY = re.compile(r"\b(jl|gg)\s+(\w+)(?:\s+\w+)*?(?:\s+rt\s+(\d+))?\b")


def same_street(a: str, b: str) -> bool:
    """Typed addresses without coordinates: the same street (and RT, when both give one)
    counts as "nearby"; otherwise the whole reduced address must match."""
    ka, kb = address_key(a), address_key(b)
    ma, mb = _STREET_KEY.search(ka), _STREET_KEY.search(kb)
    if ma is None or mb is None:
        return ka == kb
    if ma.group(2) != mb.group(2) or ma.group(1) != mb.group(1):
        return False
    rt_a, rt_b = re.search(r"\brt\s+(\d+)", ka), re.search(r"\brt\s+(\d+)", kb)
    return rt_a is None or rt_b is None or rt_a.group(1) == rt_b.group(1)


def find_duplicates(
    session: Session,
    *,
    category: str,
    place: PlaceInfo,
    now: datetime | None = None,
    exclude_id: int | None = None,
) -> list[Complaint]:
    """Open reports of the same category from the last 30 days within 100 m (or, for
    typed addresses without coordinates, the same address in the same kelurahan)."""
    since = (now or utcnow()) - timedelta(days=DUPLICATE_WINDOW_DAYS)
    closed = [s for s in ComplaintStatus if s.is_closed]
    stmt = select(Complaint).where(
        Complaint.category == category,
        col(Complaint.created_at) >= since,
        col(Complaint.status).not_in(closed),
        Complaint.privacy != Privacy.RAHASIA,
    )
    if exclude_id is not None:
        stmt = stmt.where(Complaint.id != exclude_id)
    found: list[tuple[float, Complaint]] = []
    for c in session.exec(stmt.order_by(col(Complaint.created_at))).all():
        if (
            place.latitude is not None
            and place.longitude is not None
            and c.latitude is not None
            and c.longitude is not None
        ):
            d = distance_m(place.latitude, place.longitude, c.latitude, c.longitude)
            if d <= DUPLICATE_RADIUS_M:
                found.append((d, c))
        elif c.kelurahan == place.kelurahan and same_street(c.address, place.address):
            found.append((0.0, c))
    return [c for _, c in sorted(found, key=lambda x: x[0])]


def get_by_idempotency_key(session: Session, key: str) -> Complaint | None:
    return session.exec(select(Complaint).where(Complaint.idempotency_key == key)).first()


MAX_COMPLAINTS_PER_DAY = 10


def count_recent_by_reporter(
    session: Session, conversation_id: str | None, phone: str | None, since: datetime
) -> int:
    """Complaints filed since ``since`` by one person: the conversation, or the same phone
    number from any conversation or channel."""
    who = [col(Complaint.reporter_conversation_id) == conversation_id] if conversation_id else []
    if phone:
        who.append(col(Complaint.reporter_phone) == phone)
    if not who:
        return 0
    stmt = select(func.count()).where(or_(*who), col(Complaint.created_at) >= since)
    return int(session.exec(stmt).one())


def create_complaint(
    session: Session,
    draft: ComplaintDraft,
    *,
    secret_key: str,
    idempotency_key: str | None = None,
    today: date | None = None,
    max_per_day: int = MAX_COMPLAINTS_PER_DAY,
) -> Complaint:
    """File a ticket; the same ``idempotency_key`` returns the ticket filed before.
    A person (conversation or phone) files at most ``max_per_day`` in 24 hours
    (``InvalidComplaintInput`` key ``complaint_quota``); Open311 and staff are exempt."""
    if idempotency_key:
        existing = get_by_idempotency_key(session, idempotency_key)
        if existing is not None:
            log.info("complaint %s: repeated filing ignored", existing.ticket_code)
            return existing
    if draft.source == "chat":
        quota_phone = validate_phone(draft.reporter_phone) if draft.reporter_phone else None
        since = utcnow() - timedelta(days=1)
        recent = count_recent_by_reporter(
            session, draft.reporter_conversation_id, quota_phone, since
        )
        if recent >= max_per_day:
            raise InvalidComplaintInput("reporter", "complaint_quota", str(recent))
    cat = routing().category(draft.category)
    description = clean_description(
        draft.description,
        OPEN311_DESCRIPTION_MAX_CHARS if draft.source == "open311" else DESCRIPTION_MAX_CHARS,
    )
    nik = nik_fingerprint(secret_key, draft.nik) if draft.nik else None
    phone = validate_phone(draft.reporter_phone) if draft.reporter_phone else None
    now = utcnow()
    start = today or now.date()
    seq, code = allocate_ticket(session, start.year)
    complaint = Complaint(
        ticket_code=code,
        year=start.year,
        seq=seq,
        category=cat.code,
        dinas_code=cat.dinas,
        description=description,
        address=draft.place.address,
        kelurahan=draft.place.kelurahan,
        kecamatan=draft.place.kecamatan,
        latitude=draft.place.latitude,
        longitude=draft.place.longitude,
        photo_url=draft.photo_url,
        privacy=draft.privacy,
        source=draft.source,
        reporter_conversation_id=draft.reporter_conversation_id,
        reporter_name=draft.reporter_name if draft.privacy is Privacy.BIASA else None,
        reporter_phone=phone,
        reporter_email=draft.reporter_email,
        nik_hmac=nik,
        status=ComplaintStatus.DITERIMA,
        expected_date=add_working_days(start, cat.sla_days),
        idempotency_key=idempotency_key,
        created_at=now,
        updated_at=now,
    )
    session.add(complaint)
    try:
        session.flush()
        session.add(
            ComplaintHistory(
                complaint_id=complaint.id or 0,
                from_status=None,
                to_status=ComplaintStatus.DITERIMA.value,
                note=f"Laporan diterima melalui {_received_via(draft)}; diteruskan ke {cat.dinas}.",
                author="sistem",
                created_at=now,
            )
        )
        session.commit()
    except IntegrityError:
        session.rollback()
        if idempotency_key:  # the same filing raced us and won
            existing = get_by_idempotency_key(session, idempotency_key)
            if existing is not None:
                return existing
        raise
    session.refresh(complaint)
    log.info(
        "complaint %s filed: %s -> %s, due %s",
        code,
        cat.code,
        cat.dinas,
        complaint.expected_date,
    )
    return complaint


# ------------------------------------------------------------------ reading


def get_by_code(session: Session, code: str) -> Complaint:
    normalised = parse_ticket_code(code) or code.strip().upper()
    found = session.exec(select(Complaint).where(Complaint.ticket_code == normalised)).first()
    if found is None:
        raise ComplaintNotFound(normalised)
    return found


def history(session: Session, complaint: Complaint) -> Sequence[ComplaintHistory]:
    return session.exec(
        select(ComplaintHistory)
        .where(ComplaintHistory.complaint_id == complaint.id)
        .order_by(col(ComplaintHistory.id))
    ).all()


def is_reporter(
    complaint: Complaint, conversation_id: str | None, phone_last4: str | None = None
) -> bool:
    """Same channel identity, or the last 4 digits of the phone given at filing."""
    if conversation_id and complaint.reporter_conversation_id == conversation_id:
        return True
    if phone_last4 and complaint.reporter_phone:
        digits = re.sub(r"\D", "", phone_last4)
        return len(digits) == 4 and hmac.compare_digest(complaint.reporter_phone[-4:], digits)
    return False


@dataclass
class ComplaintFilters:
    status: Sequence[ComplaintStatus] = ()
    category: str | None = None
    dinas_code: str | None = None
    kelurahan: str | None = None
    flagged: bool | None = None
    q: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    codes: Sequence[str] = ()
    exclude_private: bool = False
    limit: int = 100
    offset: int = 0


def list_complaints(session: Session, f: ComplaintFilters) -> Sequence[Complaint]:
    stmt = select(Complaint)
    if f.codes:
        stmt = stmt.where(col(Complaint.ticket_code).in_(list(f.codes)))
    if f.status:
        stmt = stmt.where(col(Complaint.status).in_(list(f.status)))
    if f.category:
        stmt = stmt.where(Complaint.category == f.category)
    if f.dinas_code:
        stmt = stmt.where(Complaint.dinas_code == f.dinas_code)
    if f.kelurahan:
        stmt = stmt.where(func.lower(Complaint.kelurahan) == f.kelurahan.lower())
    if f.flagged is not None:
        stmt = stmt.where(Complaint.flagged_for_review == f.flagged)
    if f.start is not None:
        stmt = stmt.where(col(Complaint.created_at) >= f.start)
    if f.end is not None:
        stmt = stmt.where(col(Complaint.created_at) <= f.end)
    if f.exclude_private:
        stmt = stmt.where(Complaint.privacy != Privacy.RAHASIA)
    if f.q:
        like = f"%{f.q.lower()}%"  # bound parameter: never part of the SQL text
        stmt = stmt.where(
            or_(
                func.lower(Complaint.description).like(like),
                func.lower(Complaint.address).like(like),
                func.lower(Complaint.ticket_code).like(like),
            )
        )
    stmt = stmt.order_by(col(Complaint.created_at).desc(), col(Complaint.id).desc())
    return session.exec(stmt.offset(f.offset).limit(f.limit)).all()


# ------------------------------------------------------------------ changing


def _record(
    session: Session, complaint: Complaint, from_status: str | None, to: str, note: str, author: str
) -> None:
    now = utcnow()
    complaint.updated_at = now
    session.add(complaint)
    session.add(
        ComplaintHistory(
            complaint_id=complaint.id or 0,
            from_status=from_status,
            to_status=to,
            note=note,
            author=author,
            created_at=now,
        )
    )


def change_status(
    session: Session,
    complaint: Complaint,
    *,
    to: ComplaintStatus,
    author: str,
    note: str = "",
    reason: str | None = None,
) -> Complaint:
    current = ComplaintStatus(complaint.status)
    if to not in TRANSITIONS[current]:
        raise InvalidTransition("transition_not_allowed", f"{current} -> {to}")
    if to in NEEDS_REASON and not (reason or "").strip():
        raise InvalidTransition("reason_required", f"{to} needs a reason")
    complaint.status = to
    complaint.status_reason = reason.strip() if reason and reason.strip() else None
    _record(session, complaint, current.value, to.value, note.strip(), author)
    session.commit()
    session.refresh(complaint)
    log.info("complaint %s: %s -> %s by %s", complaint.ticket_code, current, to, author)
    return complaint


def assign_dinas(
    session: Session, complaint: Complaint, *, dinas_code: str, author: str, note: str = ""
) -> Complaint:
    table = routing()
    if dinas_code not in table.dinas:
        raise InvalidComplaintInput("dinas", "dinas_unknown", dinas_code)
    old = complaint.dinas_code
    complaint.dinas_code = dinas_code
    text = f"Dinas diubah dari {old} ke {dinas_code}. {note}".strip()
    _record(session, complaint, complaint.status.value, complaint.status.value, text, author)
    session.commit()
    session.refresh(complaint)
    return complaint


def rate(session: Session, complaint: Complaint, *, rating: int, comment: str = "") -> Complaint:
    """The reporter's 1-5 rating after selesai; a low rating flags the ticket for review."""
    if complaint.status is not ComplaintStatus.SELESAI:
        raise InvalidComplaintInput("rating", "rating_not_closed", complaint.status.value)
    if not 1 <= rating <= 5:
        raise InvalidComplaintInput("rating", "rating_invalid", str(rating))
    complaint.rating = rating
    complaint.rating_comment = comment.strip()[:DESCRIPTION_MAX_CHARS] or None
    complaint.flagged_for_review = rating <= LOW_RATING
    note = f"Penilaian warga: {rating}/5." + (" Ditandai untuk ditinjau." if rating <= 2 else "")
    _record(session, complaint, complaint.status.value, complaint.status.value, note, "warga")
    session.commit()
    session.refresh(complaint)
    return complaint


def set_rating_comment(session: Session, complaint: Complaint, comment: str) -> Complaint:
    complaint.rating_comment = comment.strip()[:DESCRIPTION_MAX_CHARS] or None
    session.add(complaint)
    session.commit()
    session.refresh(complaint)
    return complaint


def follow(session: Session, complaint: Complaint, conversation_id: str) -> None:
    """Subscribe a conversation to updates of an existing report (instead of a duplicate)."""
    session.add(ComplaintFollower(complaint_id=complaint.id or 0, conversation_id=conversation_id))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()


def audience(session: Session, complaint: Complaint) -> list[str]:
    """Conversations to notify about a change: the reporter and the followers."""
    ids = [complaint.reporter_conversation_id] if complaint.reporter_conversation_id else []
    ids += session.exec(
        select(ComplaintFollower.conversation_id).where(
            ComplaintFollower.complaint_id == complaint.id
        )
    ).all()
    return list(dict.fromkeys(ids))


# ------------------------------------------------------------------ citizen-facing text


@cache
def texts() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (DATA_DIR / "complaint_texts.yml").read_text(encoding="utf-8")
    )
    return data


def status_label(status: ComplaintStatus | str) -> str:
    return str(texts()["status_labels"][ComplaintStatus(status).value])


def status_update_text(complaint: Complaint) -> str:
    """The message pushed to the reporter when staff change the status."""
    status = ComplaintStatus(complaint.status)
    t = texts()
    msg = str(t["status_update"]).format(
        code=complaint.ticket_code,
        label=status_label(status),
        dinas=routing().dinas_name(complaint.dinas_code),
    )
    if complaint.status_reason:
        msg += " " + str(t["status_reason"]).format(reason=complaint.status_reason)
    if status is ComplaintStatus.SELESAI:
        msg += " " + str(t["rating_request"])
    return msg


def format_date(d: date) -> str:
    months = texts()["months"]
    return f"{d.day} {months[d.month - 1]} {d.year}"


def year_now() -> int:
    return datetime.now(UTC).year
