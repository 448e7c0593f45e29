"""Messages the city sends first: status updates, reminders, officers' replies.

Every proactive message goes through :meth:`Outbound.push`: it is written to the
conversation's transcript, then delivered by the sender registered for the
conversation's channel (Telegram, WhatsApp...). Channels without a push sender (the web
chat / kiosk) fetch new transcript lines with ``GET /api/chat/{session_id}/updates``.
"""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.models import Conversation
from app.services.conversations import log_message
from core.message import OutgoingMessage

log = logging.getLogger(__name__)


class ChannelSender(Protocol):
    async def send(self, user_id: str, messages: list[OutgoingMessage]) -> None:
        """Deliver to the citizen; raise on failure (the message stays in the transcript)."""
        ...


class Outbound:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.senders: dict[str, ChannelSender] = {}

    def register(self, channel: str, sender: ChannelSender) -> None:
        self.senders[channel] = sender

    async def push(self, conversation_id: str, messages: list[OutgoingMessage]) -> bool:
        """Send ``messages`` to a conversation. Returns True if delivered (or queued for
        a polling channel), False if the conversation is unknown or delivery failed."""
        with Session(self.engine) as session:
            conv = session.get(Conversation, conversation_id)
            if conv is None:
                log.warning("push to unknown conversation %s dropped", conversation_id)
                return False
            for msg in messages:
                log_message(
                    session,
                    conversation_id,
                    "out",
                    msg.sender,
                    msg.text,
                    payload=[b.model_dump() for b in msg.buttons] or None,
                    pushed=True,
                )
            channel, external_id = conv.channel, conv.external_id
        sender = self.senders.get(channel)
        if sender is None:
            return True  # polling channel: the transcript is its outbox
        try:
            await sender.send(external_id, messages)
        except Exception:
            log.exception("push to %s failed; kept in transcript", conversation_id)
            return False
        return True
