"""The one conversation path: channel message -> transcript -> Rasa -> reply.

Every channel adapter calls :meth:`ConversationService.handle`. The app owns the
conversation mode (bot, queued, agent); only conversations in bot mode reach Rasa.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.errors import AssistantUnavailable
from app.models import Conversation, ConversationMode, MessageLog
from app.models.base import utcnow
from app.rasa_client import RasaClient
from app.ratelimit import RateLimits
from app.services import forgot_code, replay, state_guard, ticket_reply
from app.services.greeting_words import GREET_INTENT, is_ping
from app.services.officer_words import OFFICER_INTENT, asks_for_officer
from app.services.privacy import tokenise_niks
from app.services.shared_state import SharedState, conversation_key
from app.services.transcripts import (
    get_or_create_conversation,
    last_seen,
    log_message,
    new_line,
    transcript,
)
from app.services.typed_slots import (
    TIME_SAID,
    TOPIC_PICK_MAX_WORDS,
    last_buttons,
    typed_slot,
    typed_topic,
)
from core.message import IncomingMessage, OutgoingMessage
from core.texts import t

__all__ = [  # the transcript's functions stay importable from here
    "ConversationService",
    "get_or_create_conversation",
    "guard_intent",
    "last_seen",
    "log_message",
    "rasa_text",
    "transcript",
]

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 2000
# Citizen text that starts with "/" reaches Rasa as an intent only when it is a button the
# assistant offered this conversation in its last OFFERED_WINDOW replies, or one of the
# intents without entities that the channels themselves send: the main menu every start
# screen shows, and Telegram's commands (/start -> /greet, /bantuan -> /help).
OFFERED_WINDOW = 20
MENU_INTENTS = frozenset(
    {"/ask_info", "/file_complaint", "/book_facility", "/request_human", "/greet", "/help"}
)


def rasa_text(msg: IncomingMessage) -> str:
    """What Rasa receives for a message: text, or an intent payload for a shared location."""
    if msg.text.strip():
        return msg.text.strip()
    if msg.location is not None:
        entities = {"latitude": msg.location.latitude, "longitude": msg.location.longitude}
        return "/share_location" + json.dumps(entities)
    if msg.attachments:
        return "/share_" + msg.attachments[0].kind
    return ""


def offered_payloads(session: Session, conversation_id: str) -> set[str]:
    """Button payloads the assistant sent this conversation in its recent replies."""
    stmt = (
        select(MessageLog.payload)
        .where(
            MessageLog.conversation_id == conversation_id,
            MessageLog.direction == "out",
            col(MessageLog.payload).is_not(None),
        )
        .order_by(col(MessageLog.id).desc())
        .limit(OFFERED_WINDOW)
    )
    found: set[str] = set()
    for raw in session.exec(stmt).all():
        try:
            buttons = json.loads(raw or "[]")
        except ValueError:
            continue
        if isinstance(buttons, list):
            found.update(str(b.get("payload", "")) for b in buttons if isinstance(b, dict))
    return found


def guard_intent(session: Session, conversation_id: str, text: str) -> str:
    """Typed ``/intent{...}`` is text, not a command: unless it is a button this
    conversation was offered (or a main-menu intent), the leading slashes are dropped."""
    if not text.startswith("/"):
        return text
    if text in MENU_INTENTS or text in offered_payloads(session, conversation_id):
        return text
    return text.lstrip("/").strip()


@dataclass
class _Plan:
    """What :meth:`ConversationService._before_rasa` decided for a bot-mode turn."""

    answered: list[OutgoingMessage] | None = None  # replied without Rasa (logged already)
    text: str = ""  # for Rasa
    pending: bool = False  # turns kept while Rasa was down wait for replay


class HumanRouter(Protocol):
    """Where messages of conversations not in bot mode go (app.services.handoff)."""

    async def route(self, msg: IncomingMessage, log_id: int | None) -> list[OutgoingMessage]: ...

    async def after_turn(self, conversation_id: str) -> list[OutgoingMessage]: ...


class RightsDesk(Protocol):
    """Answers citizens' data-protection requests (app.services.data_rights)."""

    def answer(
        self, conversation_id: str, text: str, session: Session | None = None
    ) -> list[OutgoingMessage] | None: ...


class ConversationService:
    def __init__(self, engine: Engine, rasa: RasaClient, *, secret_key: str) -> None:
        self.engine = engine
        self.rasa = rasa
        self.secret_key = secret_key  # keys the NIK tokens (app/services/privacy.py)
        self.router: HumanRouter | None = None
        self.rights: RightsDesk | None = None
        self.limits: RateLimits | None = None  # per conversation (web session, channel user)
        self.conversation_rate = "30/minute"
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        # Set: turns Rasa cannot take are kept and replayed through it (app/services/replay.py).
        self.outbound: replay.Deliverer | None = None
        # Set: the locks are shared by every app instance (Redis, app/services/shared_state.py).
        self.state: SharedState | None = None

    def lock(self, conversation_id: str) -> AbstractAsyncContextManager[Any]:
        """Serialises, per conversation, routing a message and switching the mode, so a
        message that arrives during a switch goes to the side that owns it afterwards."""
        if self.state is not None:
            return self.state.lock(conversation_key(conversation_id))
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[conversation_id] = lock
        return lock

    async def handle(self, msg: IncomingMessage) -> list[OutgoingMessage]:
        """Process one citizen message; returns the replies to deliver on its channel.

        A redelivered message (same channel message id) returns no replies. A NIK in the
        text is replaced by its token before anything is stored or sent.

        Database work runs in worker threads, never on the event loop (a contended SQLite
        write may wait seconds; every channel and the console share the loop), grouped so
        that a turn hops to a thread twice: the citizen's line with the checks before Rasa,
        then the replies. The conversation's lock is taken first, so the citizen's line,
        the checks and the replies of one turn are never interleaved with another's.
        """
        msg = msg.model_copy(update={"text": tokenise_niks(msg.text, self.secret_key)})
        conv_id = msg.conversation_id
        lock = self.lock(conv_id)
        if not await state_guard.take(lock, conv_id):  # Redis down (Rasa's lock store too)
            entry, _ = await asyncio.to_thread(self._log_incoming, msg)
            if entry is None:
                log.info("duplicate delivery ignored: %s %s", conv_id, msg.message_id)
                return []
            return await self._unavailable(conv_id, rasa_text(msg), msg, entry)  # kept
        try:
            entry, plan = await asyncio.to_thread(self._open_turn, conv_id, msg)
            if entry is None:
                log.info("duplicate delivery ignored: %s %s", conv_id, msg.message_id)
                return []
            if plan is None:
                # Handoff routing lives outside Rasa (a paused conversation predicts nothing).
                return await self._to_humans(msg, entry)
            if plan.answered is not None:
                return plan.answered
            text = plan.text
            if not text:
                replies = [OutgoingMessage(text=t("app.empty_message"), sender="system")]
            elif len(text) > MAX_TEXT_CHARS:
                replies = [
                    OutgoingMessage(
                        text=t("app.message_too_long", max_chars=MAX_TEXT_CHARS), sender="system"
                    )
                ]
            else:
                replies = await self._ask_rasa(conv_id, text, msg, entry, pending=plan.pending)
            if await asyncio.to_thread(self._after_rasa, conv_id, replies):
                # This turn handed the conversation to the officers (action_request_handoff).
                assert self.router is not None
                replies = replies + await self.router.after_turn(conv_id)
                await asyncio.to_thread(self._log_replies, conv_id, replies)
            return replies
        finally:
            await state_guard.release(lock)

    def _open_turn(self, conv_id: str, msg: IncomingMessage) -> tuple[int | None, _Plan | None]:
        """In one worker thread and one database session: the citizen's line (its id, None
        for a redelivery), then the checks before Rasa (:meth:`_before_rasa`), given the
        mode read with the line."""
        with Session(self.engine) as session:
            entry, mode = self._log_incoming(msg, session)
            if entry is None:
                return None, None
            return entry, self._before_rasa(conv_id, msg, mode, session)

    def _before_rasa(
        self, conv_id: str, msg: IncomingMessage, mode: ConversationMode, session: Session
    ) -> _Plan | None:
        """The checks before Rasa: None when the conversation is not in bot mode; else the
        answer given without Rasa (rate limit, data rights; already in the transcript) or
        the text for Rasa, and whether kept turns wait for replay."""
        if mode is not ConversationMode.BOT:
            return None
        if self.limits and not self.limits.allow(self.conversation_rate, "conv", conv_id):
            log.warning("conversation %s over its rate limit", conv_id)
            replies = [OutgoingMessage(text=t("app.rate_limited"), sender="system")]
            self._log_replies(conv_id, replies)
            return _Plan(answered=replies)
        if self.rights is not None:
            rights = self.rights.answer(conv_id, msg.text, session)
            if rights is not None:
                self._log_replies(conv_id, rights)
                return _Plan(answered=rights)
        forgot = forgot_code.answer(session, conv_id, msg.text)  # "lupa nomornya"
        if forgot is not None:
            self._log_replies(conv_id, forgot)
            return _Plan(answered=forgot)
        text = rasa_text(msg)
        ticket = ticket_reply.status_intent(session, conv_id, text)  # "lpr 2026 123"
        if ticket is not None:
            text = ticket
        elif msg.text.strip() and text.startswith("/"):
            text = guard_intent(session, conv_id, text)
        elif asks_for_officer(text):  # "bapak mau bicara sama orangnya langsung saja"
            text = OFFICER_INTENT
        elif is_ping(text):  # "p": a chat's "halo"
            text = GREET_INTENT
        elif TIME_SAID.search(text):  # "jam 4 sore aja" under one day's free starts: that one
            text = typed_slot(last_buttons(session, conv_id, whole_turn=True), text) or text
        elif len(text.split()) <= TOPIC_PICK_MAX_WORDS:  # "yang hilang" under topic buttons
            text = typed_topic(last_buttons(session, conv_id), text) or text
        pending = self.outbound is not None and replay.has_pending(self.engine, conv_id, session)
        return _Plan(text=text, pending=pending)

    def _after_rasa(self, conv_id: str, replies: list[OutgoingMessage]) -> bool:
        """In a worker thread: True when the turn handed the conversation to the officers
        (the caller adds the queue's notice and logs the replies); else logs the replies.
        The mode is read in the session that writes the replies (one session, not two)."""
        with Session(self.engine) as session:
            if self.router is not None:
                conv = session.get(Conversation, conv_id)
                if conv is not None and conv.mode is not ConversationMode.BOT:
                    return True
            _add_replies(session, conv_id, replies)
        return False

    def _log_incoming(
        self, msg: IncomingMessage, session: Session | None = None
    ) -> tuple[int | None, ConversationMode]:
        """The citizen's line in the transcript: (line id, the conversation's mode as read
        in the same transaction), the line id None for a redelivered message (blocking: call
        it in a thread). In ``session`` when given (it is committed), else in its own."""
        if session is None:
            with Session(self.engine) as own:
                return self._log_incoming(msg, own)
        conv = get_or_create_conversation(session, msg.channel, msg.user_id)
        conv_id = conv.id
        mode = conv.mode
        conv.last_seen_at = utcnow()  # committed with the line (rolled back if a repeat)
        session.add(conv)
        entry = log_message(
            session,
            conv_id,
            "in",
            "citizen",
            msg.text,
            channel_message_id=msg.message_id,
            payload=_incoming_payload(msg),
        )
        return entry, mode

    async def _to_humans(self, msg: IncomingMessage, log_id: int) -> list[OutgoingMessage]:
        if self.router is None:
            return []
        replies = await self.router.route(msg, log_id)
        await asyncio.to_thread(self._log_replies, msg.conversation_id, replies)
        return replies

    async def _ask_rasa(
        self,
        conversation_id: str,
        text: str,
        msg: IncomingMessage,
        log_id: int | None = None,
        *,
        pending: bool = True,
    ) -> list[OutgoingMessage]:
        """With replay on (``outbound`` set), turns kept while Rasa was down go first (when
        ``pending``: the caller saw some waiting), and a turn Rasa cannot take is kept for
        replay."""
        try:
            if pending and self.outbound is not None and await self._replay_first(conversation_id):
                raise AssistantUnavailable("earlier kept turns still wait for Rasa")
            said = {"said": msg.text} if text != msg.text else {}  # the words behind an intent
            raw = await self.rasa.send(conversation_id, text, _metadata(msg) | said)
        except AssistantUnavailable:
            log.exception(
                "assistant unavailable for %s; message kept in transcript", conversation_id
            )
            return await self._unavailable(conversation_id, text, msg, log_id, log_reply=False)
        return [OutgoingMessage.from_rasa(item) for item in raw]

    async def _unavailable(
        self,
        conversation_id: str,
        text: str,
        msg: IncomingMessage,
        log_id: int | None,
        log_reply: bool = True,
    ) -> list[OutgoingMessage]:
        """Keep the turn for replay (with an outbox) and say so to the citizen."""
        if self.outbound is not None:
            await asyncio.to_thread(
                replay.keep, self.engine, conversation_id, text, _metadata(msg), log_id
            )
        replies = [OutgoingMessage(text=t("app.assistant_unavailable"), sender="system")]
        if log_reply:
            await asyncio.to_thread(self._log_replies, conversation_id, replies)
        return replies

    async def _replay_first(self, conversation_id: str) -> bool:
        """Replay the conversation's kept turns; True if some still wait."""
        if not await asyncio.to_thread(replay.has_pending, self.engine, conversation_id):
            return False
        assert self.outbound is not None
        await replay.replay(self.engine, self.rasa, self.outbound, conversation_id)
        return await asyncio.to_thread(replay.has_pending, self.engine, conversation_id)

    def _log_replies(self, conversation_id: str, replies: list[OutgoingMessage]) -> None:
        """The replies' lines, in order, in one commit."""
        if not replies:
            return
        with Session(self.engine) as session:
            _add_replies(session, conversation_id, replies)


def _add_replies(session: Session, conversation_id: str, replies: list[OutgoingMessage]) -> None:
    """The replies' lines, in order, committed together (nothing to commit: no commit)."""
    if not replies:
        return
    for reply in replies:
        session.add(
            new_line(
                conversation_id,
                "out",
                reply.sender,
                reply.text,
                payload=[b.model_dump() for b in reply.buttons] or None,
            )
        )
    session.commit()


def _metadata(msg: IncomingMessage) -> dict[str, Any]:
    metadata: dict[str, Any] = {"channel": msg.channel, **msg.metadata}
    if msg.location is not None:
        metadata["location"] = msg.location.model_dump()
    if msg.attachments:
        metadata["attachments"] = [a.model_dump() for a in msg.attachments]
    return metadata


def _incoming_payload(msg: IncomingMessage) -> dict[str, object] | None:
    extra: dict[str, object] = {}
    if msg.location is not None:
        extra["location"] = msg.location.model_dump()
    if msg.attachments:
        extra["attachments"] = [a.model_dump() for a in msg.attachments]
    return extra or None
