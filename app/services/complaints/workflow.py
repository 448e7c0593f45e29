"""The ticket's life after filing: status changes (the allowed transitions), another dinas,
the reporter's rating, followers and who hears about a change. Every change writes a
history line."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.models import Complaint, ComplaintFollower, ComplaintHistory, ComplaintStatus
from app.models.base import utcnow
from app.services.complaints.errors import InvalidComplaintInput, InvalidTransition
from app.services.complaints.parsing import DESCRIPTION_MAX_CHARS
from app.services.complaints.routing import routing
from core.texts import t

log = logging.getLogger(__name__)

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
    announce: Callable[[Session, Complaint], None] | None = None,
) -> Complaint:
    """Move the ticket to ``to``. ``announce`` stages the citizens' messages about it in
    the same transaction (the outbox): the change and its messages commit together."""
    current = ComplaintStatus(complaint.status)
    if to not in TRANSITIONS[current]:
        raise InvalidTransition("transition_not_allowed", f"{current} -> {to}")
    if to in NEEDS_REASON and not (reason or "").strip():
        raise InvalidTransition("reason_required", f"{to} needs a reason")
    complaint.status = to
    complaint.status_reason = reason.strip() if reason and reason.strip() else None
    _record(session, complaint, current.value, to.value, note.strip(), author)
    if announce is not None:
        announce(session, complaint)
    session.commit()
    session.refresh(complaint)
    log.info("complaint %s: %s -> %s by %s", complaint.ticket_code, current, to, author)
    return complaint


def assign_dinas(
    session: Session,
    complaint: Complaint,
    *,
    dinas_code: str,
    author: str,
    note: str = "",
    announce: Callable[[Session, Complaint], None] | None = None,
) -> Complaint:
    """Give the ticket to another dinas (``announce``: as in :func:`change_status`)."""
    table = routing()
    if dinas_code not in table.dinas:
        raise InvalidComplaintInput("dinas", "dinas_unknown", dinas_code)
    old = complaint.dinas_code
    complaint.dinas_code = dinas_code
    text = t("complaints.history.dinas_changed", old=old, new=dinas_code, note=note).strip()
    _record(session, complaint, complaint.status.value, complaint.status.value, text, author)
    if announce is not None:
        announce(session, complaint)
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
    note = t("complaints.history.rated", rating=rating)
    if rating <= 2:
        note += t("complaints.history.rated_flagged")
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
