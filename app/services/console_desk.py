"""The database work behind the agent console (``app/api/console*.py``): console sessions,
what an officer reads about a conversation (transcript, notes, the citizen's complaints and
bookings), live conversations, canned replies, the supervisors' overview and the audit log.

The console's routes shape these into JSON and never query the tables themselves. A dinas
officer (``StaffUser.dinas_code`` set) sees only that dinas's complaints here, as in the
complaint staff API.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from app.models import (
    AuditEntry,
    Booking,
    CannedReply,
    Complaint,
    ConsoleSession,
    Conversation,
    ConversationMode,
    HandoffNote,
    HandoffRequest,
    HandoffStatus,
    MessageLog,
    Privacy,
    StaffRole,
    StaffUser,
)
from app.models.base import utcnow
from app.services.handoff_hours import aware
from app.services.handoff_queue import audit
from core.errors import NotFound

CONSOLE_ROLES = (StaffRole.AGENT, StaffRole.SUPERVISOR, StaffRole.ADMIN)


# -- sessions ---------------------------------------------------------------------------


def open_session(db: Session, staff: StaffUser, hours: int) -> ConsoleSession:
    """A new console session (and its CSRF token) for a signed-in officer."""
    assert staff.id is not None
    sess = ConsoleSession(
        id=secrets.token_urlsafe(32),
        staff_id=staff.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=utcnow() + timedelta(hours=hours),
    )
    db.add(sess)
    audit(db, "login", staff=staff)
    db.commit()
    return sess


def session_staff(db: Session, session_id: str) -> tuple[StaffUser, ConsoleSession]:
    """The officer of a live session; PermissionError when it ended or may not be used."""
    sess = db.get(ConsoleSession, session_id)
    if sess is None or sess.revoked or aware(sess.expires_at) < utcnow():
        raise PermissionError("session ended")
    staff = db.get(StaffUser, sess.staff_id)
    if staff is None or not staff.active or staff.role not in CONSOLE_ROLES:
        raise PermissionError("account not allowed on the console")
    return staff, sess


def end_session(db: Session, staff: StaffUser, sess: ConsoleSession) -> None:
    sess = db.get(ConsoleSession, sess.id) or sess
    sess.revoked = True
    db.add(sess)
    audit(db, "logout", staff=staff)
    db.commit()


# -- one conversation -------------------------------------------------------------------


def transcript_tail(db: Session, conversation_id: str, lines: int) -> list[MessageLog]:
    """The last ``lines`` transcript lines, oldest first."""
    found = db.exec(
        select(MessageLog)
        .where(MessageLog.conversation_id == conversation_id)
        .order_by(col(MessageLog.id).desc())
        .limit(lines)
    ).all()
    return list(reversed(found))


def notes_with_authors(db: Session, request_id: int) -> list[tuple[HandoffNote, str]]:
    notes = db.exec(
        select(HandoffNote)
        .where(HandoffNote.request_id == request_id)
        .order_by(col(HandoffNote.id))
    ).all()
    authors = {s.id: s for s in db.exec(select(StaffUser)).all()}
    return [(n, authors[n.author_id].username if n.author_id in authors else "?") for n in notes]


def citizen_complaints(
    db: Session, conversation_id: str, staff: StaffUser, limit: int
) -> list[Complaint]:
    """The citizen's complaints, newest first; an anonymous report is never tied to its
    reporter, not even for officers; a dinas officer sees only that dinas's tickets."""
    stmt = select(Complaint).where(
        Complaint.reporter_conversation_id == conversation_id,
        Complaint.privacy != Privacy.ANONIM,
    )
    if staff.dinas_code:
        stmt = stmt.where(Complaint.dinas_code == staff.dinas_code)
    return list(db.exec(stmt.order_by(col(Complaint.id).desc()).limit(limit)).all())


def citizen_bookings(db: Session, conversation_id: str, limit: int) -> list[Booking]:
    return list(
        db.exec(
            select(Booking)
            .where(Booking.owner_id == conversation_id)
            .order_by(col(Booking.id).desc())
            .limit(limit)
        ).all()
    )


def live_conversations(db: Session, since: datetime, limit: int = 100) -> list[Conversation]:
    """Conversations the assistant is handling now (seen since ``since``), newest first."""
    return list(
        db.exec(
            select(Conversation)
            .where(
                Conversation.mode == ConversationMode.BOT,
                col(Conversation.last_seen_at) >= since,
            )
            .order_by(col(Conversation.last_seen_at).desc())
            .limit(limit)
        ).all()
    )


# -- canned replies ---------------------------------------------------------------------


def canned_replies(db: Session) -> list[CannedReply]:
    return list(
        db.exec(
            select(CannedReply)
            .where(col(CannedReply.active).is_(True))
            .order_by(col(CannedReply.id))
        ).all()
    )


def add_canned(db: Session, staff: StaffUser, title: str, text: str) -> CannedReply:
    item = CannedReply(title=title.strip(), text=text.strip(), created_by=staff.id)
    db.add(item)
    db.flush()
    audit(db, "canned_add", staff=staff, detail={"canned_id": item.id, "title": item.title})
    db.commit()
    return item


def remove_canned(db: Session, staff: StaffUser, canned_id: int) -> None:
    item = db.get(CannedReply, canned_id)
    if item is None:
        raise NotFound("no such canned reply")
    item.active = False
    db.add(item)
    audit(db, "canned_remove", staff=staff, detail={"canned_id": canned_id})
    db.commit()


# -- supervisors ------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    open_requests: list[HandoffRequest]
    agents: list[StaffUser]
    waits_today_s: list[float]  # requested -> claimed, for requests claimed since midnight UTC


def overview(db: Session, now: datetime) -> Overview:
    open_reqs = db.exec(
        select(HandoffRequest).where(col(HandoffRequest.status) != HandoffStatus.CLOSED)
    ).all()
    agents = db.exec(
        select(StaffUser).where(
            col(StaffUser.active).is_(True), col(StaffUser.role).in_(list(CONSOLE_ROLES))
        )
    ).all()
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    claimed_today = db.exec(
        select(HandoffRequest).where(col(HandoffRequest.claimed_at) >= day_start)
    ).all()
    waits = [
        (aware(r.claimed_at) - aware(r.requested_at)).total_seconds()
        for r in claimed_today
        if r.claimed_at
    ]
    return Overview(list(open_reqs), list(agents), waits)


def audit_page(
    db: Session, limit: int, conversation_id: str | None = None
) -> tuple[int, list[AuditEntry]]:
    """How many audit lines there are, and the newest ``limit`` (1-1000) of them."""
    stmt = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(min(max(limit, 1), 1000))
    if conversation_id:
        stmt = stmt.where(AuditEntry.conversation_id == conversation_id)
    total = db.exec(select(func.count()).select_from(AuditEntry)).one()
    return int(total), list(db.exec(stmt).all())


def audit_detail(entry: AuditEntry) -> object:
    return json.loads(entry.detail) if entry.detail else None
