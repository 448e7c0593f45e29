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
told), :mod:`.handoff_hub` (live events); this module keeps the service with side effects
outside the database and re-exports the names callers use (``from app.services import handoff``).
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

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
    answer_while_waiting,
    queue_notice,
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
from core.clock import Clock
from core.message import IncomingMessage, OutgoingMessage
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


class HandoffService(RasaSync):
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

    # ---- called by ConversationService -------------------------------------------

    async def after_turn(self, conversation_id: str) -> list[OutgoingMessage]:
        """A Rasa turn ended with the conversation no longer in bot mode: pause Rasa,
        and return the queue notice for the citizen if not yet given."""
        await self.sync_rasa(conversation_id)
        with Session(self.engine) as session:
            req = open_request(session, conversation_id)
            if req is None or req.last_notice_at is not None:
                return []
            req.last_notice_at = self.clock()
            session.add(req)
            session.commit()
            notice = queue_notice(session, req)
        self.hub.publish({"type": "queue"})
        return [notice]

    async def route(self, msg: IncomingMessage, log_id: int | None) -> list[OutgoingMessage]:
        """A citizen message for a conversation in queued/agent mode (caller holds the
        conversation lock). It is already in the transcript; show it to the console and
        answer only what the officers cannot (queue position, callback number)."""
        conversation_id = msg.conversation_id
        with Session(self.engine) as session:
            req = open_request(session, conversation_id)
            if req is None:
                # Mode says officer, but no open request: heal and let the assistant answer.
                log.error("conversation %s in officer mode without request", conversation_id)
                conv = session.get(Conversation, conversation_id)
                if conv is not None:
                    conv.mode = ConversationMode.BOT
                    session.add(conv)
                    session.commit()
                return []
            assert req.id is not None
            request_id, agent_id, status = req.id, req.assigned_agent_id, req.status
        self.hub.publish_line(
            request_id,
            agent_id,
            conversation_id,
            id=log_id,
            sender="citizen",
            text=msg.text,
            at=self.clock().isoformat(),
        )
        if status != HandoffStatus.WAITING:
            return []  # the officer answers
        if msg.text.strip() == CANCEL_PAYLOAD:
            await self._finish(request_id, None, outcome="cancelled", lock=False)
            return [OutgoingMessage(text=t("handoff.cancelled"), sender="system")]
        return self._waiting_answer(request_id, msg.text)

    def _waiting_answer(self, request_id: int, message: str) -> list[OutgoingMessage]:
        now = self.clock()
        with Session(self.engine) as session:
            req = session.get(HandoffRequest, request_id)
            assert req is not None
            answer, noted = answer_while_waiting(session, req, message, now)
            if answer is None:
                return []
            session.commit()
        if noted:
            self.hub.publish({"type": "queue"})
        return [answer]

    # ---- officers' actions -------------------------------------------------------

    async def take(self, conversation_id: str, staff: StaffUser) -> int:
        """An officer takes a live conversation from the assistant. Returns the request id."""
        async with self.conversations.lock(conversation_id):
            with Session(self.engine) as session:
                if session.get(Conversation, conversation_id) is None:
                    raise NotFound(f"unknown conversation {conversation_id!r}")
            ticket = request_handoff(
                self.engine,
                conversation_id,
                "agent_initiated",
                always_open=self.always_open,
                hub=self.hub,
            )
            with Session(self.engine) as session:
                audit(
                    session,
                    "take",
                    staff=staff,
                    conversation_id=conversation_id,
                    request_id=ticket.request_id,
                )
                session.commit()
            await self.sync_rasa(conversation_id)
        await self.claim(ticket.request_id, staff)
        return ticket.request_id

    async def claim(self, request_id: int, staff: StaffUser) -> HandoffRequest:
        with Session(self.engine) as session:
            req = get_request(session, request_id, staff)
            conversation_id = req.conversation_id
        async with self.conversations.lock(conversation_id):
            with Session(self.engine) as session:
                req = get_request(session, request_id, staff)
                if req.status == HandoffStatus.CLOSED:
                    raise Conflict("request already closed")
                if req.status == HandoffStatus.CLAIMED:
                    if req.assigned_agent_id == staff.id:
                        return req
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
        await self.outbound.deliver([staged.key] if staged else [])
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
        with Session(self.engine) as session:
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
        delivered = bool(staged and await self.outbound.deliver([staged.key]))
        with Session(self.engine) as session:
            line = session.exec(
                select(MessageLog)
                .where(MessageLog.conversation_id == conversation_id, MessageLog.sender == "agent")
                .order_by(col(MessageLog.id).desc())
            ).first()
            line_id = line.id if line and line.id else 0
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
        with Session(self.engine) as session:
            req = session.get(HandoffRequest, request_id)
            if req is None:
                raise NotFound(f"no request {request_id}")
            if staff is not None:
                if not can_view(staff, req):
                    raise Forbidden("not your conversation")
                _require_owner(staff, req)
            conversation_id = req.conversation_id

        keys: list[str] = []

        async def finish() -> None:
            await self._resume_rasa(conversation_id)
            with Session(self.engine) as session:
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
