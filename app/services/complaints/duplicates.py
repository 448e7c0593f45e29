"""Reports that are probably the same problem: open, same category, last 30 days, within
100 m (or the same typed street and RT in the same kelurahan)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.models import Complaint, ComplaintStatus, Privacy
from app.models.base import utcnow
from app.services.complaints.parsing import PlaceInfo, _norm, distance_m
from app.services.complaints.routing import city

DUPLICATE_RADIUS_M = 100.0
DUPLICATE_WINDOW_DAYS = 30


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
