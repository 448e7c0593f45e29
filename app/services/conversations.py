"""The one conversation path: channel message -> transcript -> Rasa -> reply.

Every channel adapter calls :meth:`ConversationService.handle`. The app owns the
conversation mode (bot, queued, agent); only conversations in bot mode reach Rasa.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.errors import AssistantUnavailable
from app.models import Conversation, ConversationMode, MessageLog
from app.models.base import utcnow
from app.rasa_client import RasaClient
from app.texts import t
from channels.message import IncomingMessage, OutgoingMessage

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 2000


def get_or_create_conversation(session: Session, channel: str, external_id: str) -> Conversation:
    conv_id = f"{channel}:{external_id}"
    conv = session.get(Conversation, conv_id)
    if conv is None:
        conv = Conversation(id=conv_id, channel=channel, external_id=external_id)
        session.add(conv)
        try:
            session.commit()
        except IntegrityError:  # created concurrently by a redelivery
            session.rollback()
            conv = session.get(Conversation, conv_id)
            assert conv is not None
    return conv


def log_message(
    session: Session,
    conversation_id: str,
    direction: str,
    sender: str,
    text: str,
    *,
    channel_message_id: str | None = None,
    payload: object | None = None,
    pushed: bool = False,
) -> bool:
    """Append to the transcript. Returns False when ``channel_message_id`` was seen before."""
    entry = MessageLog(
        conversation_id=conversation_id,
        direction=direction,
        sender=sender,
        text=text,
        channel_message_id=channel_message_id,
        payload=json.dumps(payload, ensure_ascii=False) if payload else None,
        pushed=pushed,
    )
    session.add(entry)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def transcript(
    session: Session,
    conversation_id: str,
    *,
    after_id: int = 0,
    pushed_only: bool = False,
    limit: int = 200,
) -> Sequence[MessageLog]:
    stmt = select(MessageLog).where(
        MessageLog.conversation_id == conversation_id,
        col(MessageLog.id) > after_id,
    )
    if pushed_only:
        stmt = stmt.where(col(MessageLog.pushed).is_(True))
    stmt = stmt.order_by(col(MessageLog.id)).limit(limit)
    return session.exec(stmt).all()


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


class ConversationService:
    def __init__(self, engine: Engine, rasa: RasaClient) -> None:
        self.engine = engine
        self.rasa = rasa

    async def handle(self, msg: IncomingMessage) -> list[OutgoingMessage]:
        """Process one citizen message; returns the replies to deliver on its channel.

        A redelivered message (same channel message id) returns no replies.
        """
        with Session(self.engine) as session:
            conv = get_or_create_conversation(session, msg.channel, msg.user_id)
            fresh = log_message(
                session,
                conv.id,
                "in",
                "citizen",
                msg.text,
                channel_message_id=msg.message_id,
                payload=_incoming_payload(msg),
            )
            if not fresh:
                log.info("duplicate delivery ignored: %s %s", conv.id, msg.message_id)
                return []
            conv.last_seen_at = utcnow()
            session.add(conv)
            session.commit()
            mode = conv.mode

        if mode is not ConversationMode.BOT:
            # Handoff routing lives outside Rasa (a paused conversation predicts nothing).
            return []

        text = rasa_text(msg)
        if not text:
            replies = [OutgoingMessage(text=t("empty_message"), sender="system")]
        elif len(text) > MAX_TEXT_CHARS:
            replies = [
                OutgoingMessage(
                    text=t("message_too_long", max_chars=MAX_TEXT_CHARS), sender="system"
                )
            ]
        else:
            replies = await self._ask_rasa(conv.id, text, msg)
        self._log_replies(conv.id, replies)
        return replies

    async def _ask_rasa(
        self, conversation_id: str, text: str, msg: IncomingMessage
    ) -> list[OutgoingMessage]:
        metadata = {"channel": msg.channel, **msg.metadata}
        if msg.location is not None:
            metadata["location"] = msg.location.model_dump()
        if msg.attachments:
            metadata["attachments"] = [a.model_dump() for a in msg.attachments]
        try:
            raw = await self.rasa.send(conversation_id, text, metadata)
        except AssistantUnavailable:
            log.exception(
                "assistant unavailable for %s; message kept in transcript", conversation_id
            )
            return [OutgoingMessage(text=t("assistant_unavailable"), sender="system")]
        return [OutgoingMessage.from_rasa(item) for item in raw]

    def _log_replies(self, conversation_id: str, replies: list[OutgoingMessage]) -> None:
        with Session(self.engine) as session:
            for reply in replies:
                log_message(
                    session,
                    conversation_id,
                    "out",
                    reply.sender,
                    reply.text,
                    payload=[b.model_dump() for b in reply.buttons] or None,
                )


def _incoming_payload(msg: IncomingMessage) -> dict[str, object] | None:
    extra: dict[str, object] = {}
    if msg.location is not None:
        extra["location"] = msg.location.model_dump()
    if msg.attachments:
        extra["attachments"] = [a.model_dump() for a in msg.attachments]
    return extra or None
