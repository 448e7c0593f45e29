"""The handoff queue as plain database work: requests, positions, who may see and act on
which request, officers' notes, the audit trail. The errors the console maps to HTTP statuses
(through :mod:`core.errors`) are here too.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from app.models import (
    AuditEntry,
    CannedReply,
    Conversation,
    ConversationMode,
    HandoffNote,
    HandoffRequest,
    HandoffStatus,
    StaffRole,
    StaffUser,
)
from app.observability import count_handoff
from app.services.conversations import get_or_create_conversation
from app.services.handoff_hours import default_canned_replies, is_open
from app.services.handoff_hub import Hub
from core import errors

log = logging.getLogger(__name__)

MAX_AGENT_TEXT = 4000


class HandoffError(errors.HaloWargaError):
    """Base of the handoff errors; one raised as is answers 422."""

    status = 422


class NotFound(errors.NotFound, HandoffError):
    """No such request or conversation."""


class Forbidden(errors.Forbidden, HandoffError):
    """The officer's role or assignment does not allow this."""


class Conflict(errors.Conflict, HandoffError):
    """The request is not in a state that allows this (claimed by another, closed)."""


@dataclass(frozen=True)
class HandoffTicket:
    request_id: int
    conversation_id: str
    position: int  # 1 = next; 0 when already claimed
    after_hours: bool
    created: bool  # False: the conversation was already queued or with an officer


def audit(
    session: Session,
    action: str,
    *,
    staff: StaffUser | None = None,
    actor: str = "system",
    conversation_id: str | None = None,
    request_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit line to ``session`` (the caller commits with its own change)."""
    session.add(
        AuditEntry(
            actor_id=staff.id if staff else None,
            actor=staff.username if staff else actor,
            action=action,
            conversation_id=conversation_id,
            request_id=request_id,
            detail=json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
        )
    )


def open_request(session: Session, conversation_id: str) -> HandoffRequest | None:
    return session.exec(
        select(HandoffRequest)
        .where(
            HandoffRequest.conversation_id == conversation_id,
            col(HandoffRequest.status) != HandoffStatus.CLOSED,
        )
        .order_by(col(HandoffRequest.id).desc())
    ).first()


def queue_position(session: Session, req: HandoffRequest) -> int:
    if req.status != HandoffStatus.WAITING:
        return 0
    ahead = session.exec(
        select(func.count())
        .select_from(HandoffRequest)
        .where(
            HandoffRequest.status == HandoffStatus.WAITING,
            col(HandoffRequest.id) < req.id,
        )
    ).one()
    return int(ahead) + 1


def _summary(req: HandoffRequest) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(req.summary) if req.summary else {}
    return loaded


def request_handoff(
    engine: Engine,
    conversation_id: str,
    reason: str,
    summary: dict[str, Any] | None = None,
    *,
    now: datetime | None = None,
    always_open: bool = False,
    hub: Hub | None = None,
    rasa_paused: bool = False,
) -> HandoffTicket:
    """Queue a conversation for an officer; idempotent while a request is open.

    Safe to call from an action during a Rasa turn: it only writes the database. The app
    pauses Rasa and tells the citizen their position when the turn ends
    (:meth:`HandoffService.after_turn`). ``summary`` is what the assistant collected;
    ``always_open`` the setting ``HALO_HANDOFF_ALWAYS_OPEN``; ``hub`` the console's live
    events where the console runs in this process. ``rasa_paused``: the caller is the
    handoff action, which pauses Rasa itself (``ConversationPaused``) and has put the
    tracker's slots in ``summary``; a new request is then already in sync with Rasa, so the
    turn's end reads no tracker and sends no pause (two Rasa round trips fewer).
    """
    reason = (reason or "request_human").strip()[:40] or "request_human"
    with Session(engine) as session:
        conv = session.get(Conversation, conversation_id)
        if conv is None:
            channel, _, external = conversation_id.partition(":")
            if not external:
                raise NotFound(f"unknown conversation {conversation_id!r}")
            conv = get_or_create_conversation(session, channel, external)
        req = open_request(session, conversation_id)
        created = req is None
        if req is None:
            req = HandoffRequest(
                conversation_id=conversation_id,
                reason=reason,
                after_hours=not is_open(now, always_open=always_open),
                summary=json.dumps(summary or {}, ensure_ascii=False, default=str),
                rasa_synced=rasa_paused,
            )
            if now is not None:
                req.requested_at = now
            session.add(req)
            if conv.mode is ConversationMode.BOT:
                conv.mode = ConversationMode.QUEUED
                session.add(conv)
            session.flush()
            audit(
                session,
                "requested",
                actor="assistant",
                conversation_id=conversation_id,
                request_id=req.id,
                detail={"reason": reason, "after_hours": req.after_hours},
            )
        elif summary:
            req.summary = json.dumps({**_summary(req), **summary}, ensure_ascii=False, default=str)
            session.add(req)
        session.commit()
        session.refresh(req)
        assert req.id is not None
        ticket = HandoffTicket(
            request_id=req.id,
            conversation_id=conversation_id,
            position=queue_position(session, req),
            after_hours=req.after_hours,
            created=created,
        )
    log.info(
        "handoff %s: %s reason=%s position=%s after_hours=%s",
        "requested" if created else "already open",
        conversation_id,
        reason,
        ticket.position,
        ticket.after_hours,
    )
    if created:
        count_handoff(reason)  # halo_handoffs_total of the running app
    if hub is not None:
        hub.publish({"type": "queue"})
    return ticket


def can_view(staff: StaffUser, req: HandoffRequest) -> bool:
    if staff.role.rank >= StaffRole.SUPERVISOR.rank:
        return True
    return req.status == HandoffStatus.WAITING or req.assigned_agent_id == staff.id


def _require_owner(staff: StaffUser, req: HandoffRequest) -> None:
    if req.status == HandoffStatus.CLOSED:
        raise Conflict("request already closed")
    if staff.role.rank >= StaffRole.SUPERVISOR.rank:
        return
    if req.assigned_agent_id != staff.id:
        raise Forbidden("claim the conversation first")


def get_request(session: Session, request_id: int, staff: StaffUser) -> HandoffRequest:
    req = session.get(HandoffRequest, request_id)
    if req is None:
        raise NotFound(f"no request {request_id}")
    if not can_view(staff, req):
        raise Forbidden("not your conversation")
    return req


def list_queue(session: Session, staff: StaffUser) -> list[HandoffRequest]:
    """Open requests this officer may see, oldest first."""
    reqs = session.exec(
        select(HandoffRequest)
        .where(col(HandoffRequest.status) != HandoffStatus.CLOSED)
        .order_by(col(HandoffRequest.id))
    ).all()
    return [r for r in reqs if can_view(staff, r)]


def add_note(session: Session, request_id: int, staff: StaffUser, note: str) -> HandoffNote:
    req = get_request(session, request_id, staff)
    note = note.strip()
    if not note:
        raise HandoffError("empty note")
    if staff.role.rank < StaffRole.SUPERVISOR.rank and req.assigned_agent_id != staff.id:
        raise Forbidden("claim the conversation first")
    assert staff.id is not None and req.id is not None
    entry = HandoffNote(request_id=req.id, author_id=staff.id, text=note[:MAX_AGENT_TEXT])
    session.add(entry)
    audit(
        session,
        "note",
        staff=staff,
        conversation_id=req.conversation_id,
        request_id=req.id,
        detail={"chars": len(note)},
    )
    session.commit()
    session.refresh(entry)
    return entry


def ensure_canned_replies(session: Session) -> None:
    """Seed the default canned replies into an empty table."""
    if session.exec(select(CannedReply)).first() is None:
        for item in default_canned_replies():
            session.add(CannedReply(title=item["title"], text=item["text"].strip()))
        session.commit()
