"""Handoff to call-centre officers: the app owns the conversation mode.

Flow: something asks for an officer (the citizen, an action for an emergency or a
sensitive report, or an officer taking a live conversation) ->
:func:`request_handoff` queues the conversation (mode ``queued``) with the reason and
what the assistant collected -> after the Rasa turn the app pauses Rasa for that
conversation and tells the citizen their queue position (or the service hours) ->
an officer claims it (mode ``agent``) and chats through :class:`HandoffService` ->
hand back (Rasa resumed, mode ``bot``) or close.

While the mode is not ``bot`` the citizen's messages never reach Rasa: they go to the
transcript and, live, to the console (the service's :class:`Hub`). Mode switches and
message routing are serialised per conversation by :meth:`ConversationService.lock`, so a
message that arrives during a switch lands on the side that owns the conversation once the
switch is done.
Everything lives in the database: a restart keeps the queue, and Rasa pauses/resumes not
yet confirmed (``rasa_synced``) are finished by :meth:`HandoffService.reconcile`.

The parts: :mod:`.handoff_hours` (service hours, texts), :mod:`.handoff_queue` (requests and
rights, plain database work, the errors), :mod:`.handoff_messages` (what a waiting citizen is
told), :mod:`.handoff_hub` (live events), :mod:`.handoff_citizen` (the citizen's side of the
service), :mod:`.handoff_rasa` (pausing and resuming Rasa); this module keeps the service with
side effects outside the database and re-exports the names callers use
(``from app.services import handoff``).
Its database work runs in a worker thread (:func:`app.db.in_session`), never on the event loop.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.db import in_session
from app.errors import AssistantUnavailable
from app.models import (
    Conversation,
    ConversationMode,
    HandoffRequest,
    HandoffStatus,
    MessageLog,
    StaffRole,
    StaffUser,
)
from app.models.base import utcnow
from app.rasa_client import RasaClient
from app.services.conversations import ConversationService
from app.services.handoff_citizen import CitizenSide
from app.services.handoff_hours import (
    aware,
    default_canned_replies,
    hours_description,
    is_open,
)
from app.services.handoff_hub import Hub
from app.services.handoff_messages import (
    CANCEL_PAYLOAD,
    NOTICE_INTERVAL_S,
)
from app.services.handoff_queue import (
    MAX_AGENT_TEXT,
    Conflict,
    Forbidden,
    HandoffError,
    HandoffTicket,
    NotFound,
    _require_owner,
    add_note,
    audit,
    can_view,
    ensure_canned_replies,
    get_request,
    list_queue,
    open_request,
    queue_position,
    request_handoff,
)
from app.services.handoff_rasa import RasaSync
from app.services.outbound import Outbound
from app.services.outbox import Staged
from core.clock import Clock
from core.message import OutgoingMessage
from core.texts import t

__all__ = [
    "CANCEL_PAYLOAD",
    "MAX_AGENT_TEXT",
    "NOTICE_INTERVAL_S",
    "AssistantUnavailable",
    "Conflict",
    "Forbidden",
    "HandoffError",
    "HandoffService",
    "HandoffTicket",
    "Hub",
    "NotFound",
    "add_note",
    "audit",
    "aware",
    "can_view",
    "default_canned_replies",
    "ensure_canned_replies",
    "get_request",
    "hours_description",
    "is_open",
    "list_queue",
    "open_request",
    "queue_position",
    "request_handoff",
]

log = logging.getLogger(__name__)


class HandoffService(CitizenSide, RasaSync):
    """Everything with side effects outside the database: Rasa, the citizen's channel,
    the console's live events. Created once at start-up (``app.state.handoff``)."""

    def __init__(
        self,
        engine: Engine,
        rasa: RasaClient,
        outbound: Outbound,
        conversations: ConversationService,
        *,
        clock: Clock = utcnow,
        always_open: bool = False,
        hub: Hub | None = None,
    ) -> None:
        self.engine = engine
        self.rasa = rasa
        self.outbound = outbound
        self.conversations = conversations
        self.clock = clock
        self.always_open = always_open  # HALO_HANDOFF_ALWAYS_OPEN
        self.hub = hub or Hub()  # live events for the console's WebSockets
        conversations.router = self
        is_open()  # loads the holiday calendar now (about 2 s), not in a citizen's turn

    def open_now(self) -> bool:
        return is_open(self.clock(), always_open=self.always_open)

    # ---- officers' actions -------------------------------------------------------

    async def take(self, conversation_id: str, staff: StaffUser) -> int:
        """An officer takes a live conversation from the assistant. Returns the request id."""

        def audited(session: Session) -> None:
            audit(
                session,
                "take",
                staff=staff,
                conversation_id=conversation_id,
                request_id=ticket.request_id,
            )
            session.commit()

        async with self.conversations.lock(conversation_id):
            known = await in_session(self.engine, lambda s: s.get(Conversation, conversation_id))
            if known is None:
                raise NotFound(f"unknown conversation {conversation_id!r}")
            ticket = await asyncio.to_thread(
                request_handoff,
                self.engine,
                conversation_id,
                "agent_initiated",
                always_open=self.always_open,
                hub=self.hub,
            )
            await in_session(self.engine, audited)
            await self.sync_rasa(conversation_id)
        await self.claim(ticket.request_id, staff)
        return ticket.request_id

    async def claim(self, request_id: int, staff: StaffUser) -> HandoffRequest:
        conversation_id = await in_session(
            self.engine, lambda s: get_request(s, request_id, staff).conversation_id
        )

        def claimed(session: Session) -> tuple[HandoffRequest, Staged | bool | None]:
            req = get_request(session, request_id, staff)
            if req.status == HandoffStatus.CLOSED:
                raise Conflict("request already closed")
            if req.status == HandoffStatus.CLAIMED:
                if req.assigned_agent_id == staff.id:
                    return req, False
                if staff.role.rank < StaffRole.SUPERVISOR.rank:
                    raise Conflict("already claimed by another officer")
            previous = req.assigned_agent_id
            req.status = HandoffStatus.CLAIMED
            req.assigned_agent_id = staff.id
            req.claimed_at = self.clock()
            conv = session.get(Conversation, req.conversation_id)
            assert conv is not None
            conv.mode = ConversationMode.AGENT
            session.add_all([req, conv])
            audit(
                session,
                "claim" if previous is None else "reassign",
                staff=staff,
                conversation_id=req.conversation_id,
                request_id=req.id,
                detail={"previous_agent_id": previous} if previous else None,
            )
            joined = OutgoingMessage(
                text=t("handoff.agent_joined", agent=staff.full_name or staff.username),
                sender="agent",
            )
            staged = self.outbound.stage(
                session, conversation_id, [joined], cause=f"handoff:{request_id}:claim"
            )
            session.commit()
            session.refresh(req)
            return req, staged

        async with self.conversations.lock(conversation_id):
            req, staged = await in_session(self.engine, claimed)
        if staged is False:  # this officer had it already
            return req
        await self.outbound.deliver([staged.key] if isinstance(staged, Staged) else [])
        self.hub.publish({"type": "queue"})
        self.hub.publish({"type": "request", "request_id": request_id, "agent_id": staff.id})
        return req

    async def send(self, request_id: int, staff: StaffUser, message: str) -> int:
        """An officer's message to the citizen, on the citizen's own channel.
        Returns the transcript line id."""
        message = message.strip()
        if not message:
            raise HandoffError("empty message")
        message = message[:MAX_AGENT_TEXT]

        def staged_line(session: Session) -> tuple[str, int | None, Staged | None]:
            req = get_request(session, request_id, staff)
            _require_owner(staff, req)
            conversation_id, agent_id = req.conversation_id, req.assigned_agent_id
            audit(
                session,
                "message",
                staff=staff,
                conversation_id=conversation_id,
                request_id=request_id,
                detail={"chars": len(message)},
            )
            staged = self.outbound.stage(
                session,
                conversation_id,
                [OutgoingMessage(text=message, sender="agent")],
                cause=f"handoff:{request_id}:message",
            )
            session.commit()
            return conversation_id, agent_id, staged

        def last_line(session: Session) -> int:
            line = session.exec(
                select(MessageLog)
                .where(MessageLog.conversation_id == conversation_id, MessageLog.sender == "agent")
                .order_by(col(MessageLog.id).desc())
            ).first()
            return line.id if line and line.id else 0

        conversation_id, agent_id, staged = await in_session(self.engine, staged_line)
        delivered = bool(staged and await self.outbound.deliver([staged.key]))
        line_id = await in_session(self.engine, last_line)
        self.hub.publish_line(
            request_id,
            agent_id,
            conversation_id,
            id=line_id,
            sender="agent",
            text=message,
            at=self.clock().isoformat(),
            delivered=delivered,
        )
        return line_id

    async def hand_back(self, request_id: int, staff: StaffUser) -> None:
        await self._finish(request_id, staff, outcome="handed_back")

    async def close(self, request_id: int, staff: StaffUser) -> None:
        await self._finish(request_id, staff, outcome="closed")

    async def _finish(
        self, request_id: int, staff: StaffUser | None, *, outcome: str, lock: bool = True
    ) -> None:
        """Close the request, resume Rasa, give the conversation back to the assistant.

        Under the conversation lock: a citizen message arriving meanwhile waits and then
        reaches the resumed assistant. If Rasa cannot be resumed the conversation stays
        with the officers and the error propagates (nothing is lost)."""

        def allowed(session: Session) -> str:
            req = session.get(HandoffRequest, request_id)
            if req is None:
                raise NotFound(f"no request {request_id}")
            if staff is not None:
                if not can_view(staff, req):
                    raise Forbidden("not your conversation")
                _require_owner(staff, req)
            return req.conversation_id

        conversation_id = await in_session(self.engine, allowed)

        keys: list[str] = []

        def closed(session: Session) -> None:
            req = session.get(HandoffRequest, request_id)
            conv = session.get(Conversation, conversation_id)
            assert req is not None and conv is not None
            if req.status == HandoffStatus.CLOSED:
                return
            req.status = HandoffStatus.CLOSED
            req.outcome = outcome
            req.closed_at = self.clock()
            req.rasa_synced = True
            conv.mode = ConversationMode.BOT
            session.add_all([req, conv])
            audit(
                session,
                outcome,
                staff=staff,
                actor="citizen",
                conversation_id=conversation_id,
                request_id=request_id,
            )
            if outcome != "cancelled":  # told with the closing, in its transaction
                said = OutgoingMessage(text=t(f"handoff.{outcome}"), sender="system")
                staged = self.outbound.stage(
                    session, conversation_id, [said], cause=f"handoff:{request_id}:{outcome}"
                )
                keys.extend([staged.key] if staged else [])
            session.commit()

        async def finish() -> None:
            await self._resume_rasa(conversation_id)
            await in_session(self.engine, closed)

        if lock:
            async with self.conversations.lock(conversation_id):
                await finish()
        else:
            await finish()
        await self.outbound.deliver(keys)
        self.hub.publish({"type": "queue"})
        self.hub.publish(
            {"type": "request", "request_id": request_id, "agent_id": None, "closed": True}
        )
