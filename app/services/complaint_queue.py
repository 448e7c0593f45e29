"""The workbench's queue of complaints: every filter of the list and the map (status,
category, dinas, kelurahan, channel, overdue, flagged, assignee, search), sorted by due date.
One query for the list, the map, the GeoJSON and CSV exports and the bulk actions, so they
always agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, false, func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.models import Complaint, ComplaintStatus

CHAT_CHANNELS = ("telegram", "whatsapp", "web")
OTHER_SOURCES = ("open311", "staff")
CHANNELS = CHAT_CHANNELS + OTHER_SOURCES
OPEN_STATUSES = tuple(s for s in ComplaintStatus if not s.is_closed)


def channel_of(c: Complaint) -> str:
    """Where a report came in: the chat channel of its conversation, or its source."""
    if c.source == "chat" and c.reporter_conversation_id:
        return c.reporter_conversation_id.partition(":")[0]
    return c.source


@dataclass
class QueueFilters:
    status: Sequence[ComplaintStatus] = ()
    open_only: bool = False
    category: str | None = None
    dinas_code: str | None = None  # already scoped: office_auth.dinas_scope
    kelurahan: str | None = None
    channel: str | None = None
    overdue: bool = False
    flagged: bool | None = None
    assigned_staff_id: int | None = None
    unassigned: bool = False
    q: str | None = None
    codes: Sequence[str] = field(default_factory=tuple)
    today: date | None = None  # for "overdue"; the caller passes the local date


def _channel_clause(channel: str) -> ColumnElement[bool]:
    if channel in CHAT_CHANNELS:
        return and_(
            col(Complaint.source) == "chat",
            col(Complaint.reporter_conversation_id).like(f"{channel}:%"),
        )
    if channel in OTHER_SOURCES:
        return col(Complaint.source) == channel
    return false()


def where(f: QueueFilters) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if f.codes:
        clauses.append(col(Complaint.ticket_code).in_(list(f.codes)))
    if f.status:
        clauses.append(col(Complaint.status).in_(list(f.status)))
    if f.open_only or f.overdue:
        clauses.append(col(Complaint.status).in_(list(OPEN_STATUSES)))
    if f.overdue and f.today is not None:
        clauses.append(col(Complaint.expected_date) < f.today)
    if f.category:
        clauses.append(col(Complaint.category) == f.category)
    if f.dinas_code:
        clauses.append(col(Complaint.dinas_code) == f.dinas_code)
    if f.kelurahan:
        clauses.append(func.lower(Complaint.kelurahan) == f.kelurahan.lower())
    if f.channel:
        clauses.append(_channel_clause(f.channel))
    if f.flagged is not None:
        clauses.append(col(Complaint.flagged_for_review) == f.flagged)
    if f.assigned_staff_id is not None:
        clauses.append(col(Complaint.assigned_staff_id) == f.assigned_staff_id)
    if f.unassigned:
        clauses.append(col(Complaint.assigned_staff_id).is_(None))
    if f.q and f.q.strip():
        like = f"%{f.q.strip().lower()}%"  # a bound parameter, never SQL text
        clauses.append(
            or_(
                func.lower(Complaint.description).like(like),
                func.lower(Complaint.address).like(like),
                func.lower(Complaint.ticket_code).like(like),
                func.lower(Complaint.kelurahan).like(like),
            )
        )
    return clauses


def _select(f: QueueFilters) -> SelectOfScalar[Complaint]:
    return select(Complaint).where(*where(f))


def count(session: Session, f: QueueFilters) -> int:
    stmt = select(func.count()).select_from(Complaint).where(*where(f))
    return int(session.exec(stmt).one())


def fetch(session: Session, f: QueueFilters, *, limit: int, offset: int = 0) -> Sequence[Complaint]:
    """The queue: earliest due first (overdue at the top), then oldest first."""
    stmt = _select(f).order_by(
        col(Complaint.expected_date), col(Complaint.created_at), col(Complaint.id)
    )
    return session.exec(stmt.offset(offset).limit(limit)).all()


def counts_by_kelurahan(session: Session, f: QueueFilters) -> dict[str, int]:
    stmt = (
        select(Complaint.kelurahan, func.count())
        .where(*where(f))
        .group_by(col(Complaint.kelurahan))
    )
    return {str(k): int(n) for k, n in session.exec(stmt).all() if k}
