"""Handoff to call-centre officers: the app owns the conversation mode.

Flow: something asks for an officer (the citizen, an action for an emergency or a
sensitive report, or an officer taking a live conversation) ->
:func:`request_handoff` queues the conversation (mode ``queued``) with the reason and
what the assistant collected -> after the Rasa turn the app pauses Rasa for that
conversation and tells the citizen their queue position (or the service hours) ->
an officer claims it (mode ``agent``) and chats through :class:`HandoffService` ->
hand back (Rasa resumed, mode ``bot``) or close.

While the mode is not ``bot`` the citizen's messages never reach Rasa: they go to the
transcript and, live, to the console (:data:`hub`). Mode switches and message routing are
serialised per conversation by :meth:`ConversationService.lock`, so a message that arrives
during a switch lands on the side that owns the conversation once the switch is done.
Everything lives in the database: a restart keeps the queue, and Rasa pauses/resumes not
yet confirmed (``rasa_synced``) are finished by :meth:`HandoffService.reconcile`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import yaml
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from app.errors import AssistantUnavailable
from app.models import (
    AuditEntry,
    CannedReply,
    Conversation,
    ConversationMode,
    HandoffNote,
    HandoffRequest,
    HandoffStatus,
    MessageLog,
    StaffRole,
    StaffUser,
)
from app.models.base import utcnow
from app.rasa_client import RasaClient
from app.services.conversations import ConversationService, get_or_create_conversation
from app.services.outbound import Outbound
from core import errors
from core.clock import Clock
from core.lang.ids import find_phone
from core.message import Button, IncomingMessage, OutgoingMessage

log = logging.getLogger(__name__)

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "handoff.yml"
CANCEL_PAYLOAD = "/handoff_cancel"
NOTICE_INTERVAL_S = 120  # at most one "still waiting" answer per this many seconds
MAX_AGENT_TEXT = 4000


# -- errors (the console maps them to HTTP statuses) ----------------------------------


class HandoffError(errors.HaloWargaError):
    """Base of the handoff errors; one raised as is answers 422."""

    status = 422


class NotFound(errors.NotFound, HandoffError):
    """No such request or conversation."""


class Forbidden(errors.Forbidden, HandoffError):
    """The officer's role or assignment does not allow this."""


class Conflict(errors.Conflict, HandoffError):
    """The request is not in a state that allows this (claimed by another, closed)."""


# -- data: service hours and texts ----------------------------------------------------


@cache
def _data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def text(key: str, **params: Any) -> str:
    """Citizen-facing text from app/data/handoff.yml."""
    template: str = _data()["texts"][key]
    return template.format(**params)


def hours_description() -> str:
    return str(_data()["service_hours"]["description"])


def default_canned_replies() -> list[dict[str, str]]:
    return list(_data()["canned_replies"])


_always_open = False


def set_always_open(value: bool) -> None:
    """Officers on duty around the clock (``HALO_HANDOFF_ALWAYS_OPEN``); set at start-up."""
    global _always_open
    _always_open = value


def is_open(now: datetime | None = None) -> bool:
    """Whether officers are on duty at ``now`` (service hours, public holidays)."""
    if _always_open:
        return True
    hours = _data()["service_hours"]
    local = (now or utcnow()).astimezone(ZoneInfo(hours["timezone"]))
    if local.date() in holidays.country_holidays(hours["holidays_country"], years=local.year):
        return False
    span = hours["days"].get(local.weekday())
    if not span:
        return False
    opens, closes = (time.fromisoformat(s) for s in span)
    return opens <= local.time() < closes


def aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# -- live events for the console ------------------------------------------------------


class Hub:
    """In-process publish/subscribe for console WebSockets.

    Events are dicts with ``type`` ("queue", "message", "request") and, where they
    concern one request, ``request_id`` and ``agent_id`` (the assigned officer) so that a
    subscriber can drop what its officer may not see. Publishing is thread-safe.
    """

    def __init__(self) -> None:
        self._subs: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Queue[dict[str, Any]]]] = {}
        self._presence: dict[int, int] = {}  # staff id -> open sockets

    def subscribe(self, staff_id: int) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
        self._subs[id(queue)] = (asyncio.get_running_loop(), queue)
        self._presence[staff_id] = self._presence.get(staff_id, 0) + 1
        return queue

    def unsubscribe(self, staff_id: int, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._subs.pop(id(queue), None)
        left = self._presence.get(staff_id, 1) - 1
        if left > 0:
            self._presence[staff_id] = left
        else:
            self._presence.pop(staff_id, None)

    def online(self) -> set[int]:
        return set(self._presence)

    def publish(self, event: dict[str, Any]) -> None:
        for loop, queue in list(self._subs.values()):
            try:
                loop.call_soon_threadsafe(_put, queue, event)
            except RuntimeError:  # loop closed
                continue


def _put(queue: asyncio.Queue[dict[str, Any]], event: dict[str, Any]) -> None:
    if queue.full():
        log.warning("console subscriber too slow; event dropped")
        return
    queue.put_nowait(event)


hub = Hub()


# -- service functions (plain database work) --------------------------------------------


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
) -> HandoffTicket:
    """Queue a conversation for an officer; idempotent while a request is open.

    Safe to call from an action during a Rasa turn: it only writes the database. The app
    pauses Rasa and tells the citizen their position when the turn ends
    (:meth:`HandoffService.after_turn`). ``summary`` is what the assistant collected.
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
                after_hours=not is_open(now),
                summary=json.dumps(summary or {}, ensure_ascii=False, default=str),
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


# -- the service the app and the console use ------------------------------------------


class HandoffService:
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
    ) -> None:
        self.engine = engine
        self.rasa = rasa
        self.outbound = outbound
        self.conversations = conversations
        self.clock = clock
        conversations.router = self
        is_open()  # loads the holiday calendar now (about 2 s), not in a citizen's turn

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
            notice = self._queue_notice(session, req)
        hub.publish({"type": "queue"})
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
        hub.publish(
            {
                "type": "message",
                "request_id": request_id,
                "agent_id": agent_id,
                "conversation_id": conversation_id,
                "message": {
                    "id": log_id,
                    "sender": "citizen",
                    "text": msg.text,
                    "at": self.clock().isoformat(),
                },
            }
        )
        if status != HandoffStatus.WAITING:
            return []  # the officer answers
        if msg.text.strip() == CANCEL_PAYLOAD:
            await self._finish(request_id, None, outcome="cancelled", lock=False)
            return [OutgoingMessage(text=text("cancelled"), sender="system")]
        return self._waiting_answer(request_id, msg.text)

    def _waiting_answer(self, request_id: int, message: str) -> list[OutgoingMessage]:
        now = self.clock()
        with Session(self.engine) as session:
            req = session.get(HandoffRequest, request_id)
            assert req is not None
            phone = find_phone(message) if req.after_hours else None
            if phone:
                req.callback_phone = phone
                audit(
                    session,
                    "callback_number",
                    actor="citizen",
                    conversation_id=req.conversation_id,
                    request_id=req.id,
                )
                answer = text("callback_noted", phone=phone)
            elif req.last_notice_at and (now - aware(req.last_notice_at)).total_seconds() < (
                NOTICE_INTERVAL_S
            ):
                return []
            elif req.after_hours:
                answer = text("after_hours_message_kept")
            else:
                answer = text("still_waiting", position=queue_position(session, req))
            req.last_notice_at = now
            session.add(req)
            session.commit()
        if phone:
            hub.publish({"type": "queue"})
        return [OutgoingMessage(text=answer, sender="system")]

    def _queue_notice(self, session: Session, req: HandoffRequest) -> OutgoingMessage:
        cancel = [Button(title=text("cancel_button"), payload=CANCEL_PAYLOAD)]
        if req.status != HandoffStatus.WAITING:
            return OutgoingMessage(text=text("agent_joined", agent=self._agent_name(req)))
        if req.after_hours:
            return OutgoingMessage(
                text=text("after_hours", hours=hours_description()),
                buttons=cancel,
                sender="system",
            )
        return OutgoingMessage(
            text=text("queued", position=queue_position(session, req)),
            buttons=cancel,
            sender="system",
        )

    def _agent_name(self, req: HandoffRequest) -> str:
        with Session(self.engine) as session:
            agent = session.get(StaffUser, req.assigned_agent_id)
            return (agent.full_name or agent.username) if agent else "kami"

    # ---- Rasa ------------------------------------------------------------------

    async def sync_rasa(self, conversation_id: str) -> bool:
        """Bring Rasa in line with the latest request: paused while open (collecting the
        tracker's slots into the summary), resumed once closed. Returns True when in sync."""
        with Session(self.engine) as session:
            req = session.exec(
                select(HandoffRequest)
                .where(HandoffRequest.conversation_id == conversation_id)
                .order_by(col(HandoffRequest.id).desc())
            ).first()
            if req is None or req.rasa_synced:
                return True
            request_id, closed = req.id, req.status == HandoffStatus.CLOSED
        try:
            if closed:
                await self._resume_rasa(conversation_id)
                slots: dict[str, Any] = {}
            else:
                slots = await self._collected_slots(conversation_id)
                await self.rasa.add_event(conversation_id, {"event": "pause"})
        except AssistantUnavailable:
            log.exception("Rasa %s of %s failed", "resume" if closed else "pause", conversation_id)
            return False
        with Session(self.engine) as session:
            req = session.get(HandoffRequest, request_id)
            assert req is not None
            req.rasa_synced = True
            if slots:
                req.summary = json.dumps(
                    {**slots, **_summary(req)}, ensure_ascii=False, default=str
                )
            session.add(req)
            session.commit()
        return True

    async def _resume_rasa(self, conversation_id: str) -> None:
        # The paused turn ended without action_listen; without one the next message would
        # not match any rule (Rasa expects "listen, then the user speaks").
        await self.rasa.add_event(
            conversation_id, [{"event": "resume"}, {"event": "action", "name": "action_listen"}]
        )

    async def _collected_slots(self, conversation_id: str) -> dict[str, Any]:
        try:
            tracker = await self.rasa.tracker(conversation_id)
        except AssistantUnavailable:
            log.warning("could not read Rasa tracker of %s", conversation_id)
            return {}
        slots = tracker.get("slots") or {}
        return {
            k: v
            for k, v in slots.items()
            if v not in (None, [], "") and k != "session_started_metadata"
        }

    async def reconcile(self) -> int:
        """At start-up: finish pauses/resumes that a crash or an unreachable Rasa left
        undone. Returns how many conversations are still out of sync."""
        with Session(self.engine) as session:
            ids = set(
                session.exec(
                    select(HandoffRequest.conversation_id).where(
                        col(HandoffRequest.rasa_synced).is_(False)
                    )
                ).all()
            )
        left = 0
        for conversation_id in sorted(ids):
            if not await self.sync_rasa(conversation_id):
                left += 1
        if ids:
            log.info("handoff reconcile: %d conversations, %d still out of sync", len(ids), left)
        return left

    async def reconcile_until_done(self, interval_s: float = 5.0, tries: int = 60) -> None:
        for _ in range(tries):
            if await self.reconcile() == 0:
                return
            await asyncio.sleep(interval_s)
        log.error("handoff reconcile gave up; some conversations are out of sync with Rasa")

    # ---- officers' actions -------------------------------------------------------

    async def take(self, conversation_id: str, staff: StaffUser) -> int:
        """An officer takes a live conversation from the assistant. Returns the request id."""
        async with self.conversations.lock(conversation_id):
            with Session(self.engine) as session:
                if session.get(Conversation, conversation_id) is None:
                    raise NotFound(f"unknown conversation {conversation_id!r}")
            ticket = request_handoff(self.engine, conversation_id, "agent_initiated")
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
                session.commit()
                session.refresh(req)
        await self.outbound.push(
            conversation_id,
            [
                OutgoingMessage(
                    text=text("agent_joined", agent=staff.full_name or staff.username),
                    sender="agent",
                )
            ],
        )
        hub.publish({"type": "queue"})
        hub.publish({"type": "request", "request_id": request_id, "agent_id": staff.id})
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
            session.commit()
        delivered = await self.outbound.push(
            conversation_id, [OutgoingMessage(text=message, sender="agent")]
        )
        with Session(self.engine) as session:
            line = session.exec(
                select(MessageLog)
                .where(MessageLog.conversation_id == conversation_id, MessageLog.sender == "agent")
                .order_by(col(MessageLog.id).desc())
            ).first()
            line_id = line.id if line and line.id else 0
        hub.publish(
            {
                "type": "message",
                "request_id": request_id,
                "agent_id": agent_id,
                "conversation_id": conversation_id,
                "message": {
                    "id": line_id,
                    "sender": "agent",
                    "text": message,
                    "at": self.clock().isoformat(),
                    "delivered": delivered,
                },
            }
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
                session.commit()

        if lock:
            async with self.conversations.lock(conversation_id):
                await finish()
        else:
            await finish()
        if outcome != "cancelled":
            await self.outbound.push(
                conversation_id, [OutgoingMessage(text=text(outcome), sender="system")]
            )
        hub.publish({"type": "queue"})
        hub.publish({"type": "request", "request_id": request_id, "agent_id": None, "closed": True})
