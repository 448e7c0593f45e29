"""Filing a ticket (number, quota, idempotency, first history line) and reading tickets."""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.models import Complaint, ComplaintHistory, ComplaintStatus, Privacy, TicketCounter
from app.models.base import utcnow
from app.services.complaints.errors import ComplaintNotFound, InvalidComplaintInput
from app.services.complaints.parsing import (
    DESCRIPTION_MAX_CHARS,
    OPEN311_DESCRIPTION_MAX_CHARS,
    PlaceInfo,
    clean_description,
    nik_fingerprint,
    parse_ticket_code,
    validate_phone,
)
from app.services.complaints.routing import add_working_days, routing
from core.lang import ids
from core.texts import t

log = logging.getLogger(__name__)

TICKET_PREFIX = ids.TICKET_PREFIX


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
    nik_hmac: str | None = None  # a NIK already fingerprinted (the chat form keeps only that)
    source: str = "chat"
    extra: dict[str, str] = field(default_factory=dict)


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
    nik = draft.nik_hmac or (nik_fingerprint(secret_key, draft.nik) if draft.nik else None)
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
                note=t("complaints.history.received", via=_received_via(draft), dinas=cat.dinas),
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


def merged_links(session: Session, complaint: Complaint) -> tuple[Complaint | None, list[str]]:
    """The ticket this one was merged into (or None) and the codes merged into this one."""
    into = session.get(Complaint, complaint.merged_into_id) if complaint.merged_into_id else None
    codes = session.exec(
        select(Complaint.ticket_code).where(Complaint.merged_into_id == complaint.id)
    ).all()
    return into, list(codes)


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
