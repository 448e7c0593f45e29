"""Messages the city sends first: status updates, reminders, officers' replies.

Every proactive message is an outbox row (:mod:`app.services.outbox`) written with its
transcript lines: :meth:`Outbound.stage` in the caller's own transaction (the change
that causes the message and the message commit together), or :meth:`Outbound.push` in a
transaction of its own. After the commit :meth:`Outbound.deliver` tries the rows at once
through the sender registered for the conversation's channel (Telegram, WhatsApp...);
a row that fails stays in the outbox and the worker (:mod:`app.services.outbox_worker`)
retries it with backoff until it is sent or dead. Channels without a push sender (the
web chat / kiosk) fetch new transcript lines with ``GET /api/chat/{session_id}/updates``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.services import outbox
from app.services.outbox import ChannelSender, Policy, Staged
from core.message import OutgoingMessage

log = logging.getLogger(__name__)

__all__ = ["ChannelSender", "Outbound"]


class Outbound:
    def __init__(self, engine: Engine, policy: Policy | None = None) -> None:
        self.engine = engine
        self.policy = policy or Policy()
        self.senders: dict[str, ChannelSender] = {}
        self.wake = asyncio.Event()  # set to make the worker look at once

    def register(self, channel: str, sender: ChannelSender) -> None:
        self.senders[channel] = sender

    def stage(
        self,
        session: Session,
        conversation_id: str,
        messages: Sequence[OutgoingMessage],
        *,
        cause: str,
        key: str | None = None,
    ) -> Staged | None:
        """Add the delivery to the caller's transaction (see :func:`outbox.stage`)."""
        return outbox.stage(session, conversation_id, messages, cause=cause, key=key)

    async def deliver(self, keys: Sequence[str]) -> int:
        """Send the committed rows of ``keys`` now (those not due or taken by another
        worker are left to the worker). Returns how many the channels took."""
        left = list(dict.fromkeys(keys))
        sent = 0
        while left:  # a conversation's later rows become due once its earlier ones are sent
            rows = await asyncio.to_thread(
                outbox.claim, self.engine, keys=left, limit=len(left), policy=self.policy
            )
            progress = 0
            for row in rows:
                left.remove(row.key)
                if await outbox.deliver(self.engine, self.senders, row, policy=self.policy):
                    progress += 1
            sent += progress
            if not progress:
                break
        return sent

    async def push(
        self,
        conversation_id: str,
        messages: list[OutgoingMessage],
        *,
        cause: str = "push",
        key: str | None = None,
        transcript: bool = True,
    ) -> bool:
        """Send ``messages`` to a conversation in a transaction of their own. Returns True
        if delivered (or queued for a polling channel, or staged before under ``key``),
        False if the conversation is unknown or delivery failed (the worker retries).
        ``transcript=False``: the lines are in the transcript already (a turn's replies)."""

        def staged_row() -> Staged | None:
            with Session(self.engine) as session:
                staged = outbox.stage(
                    session, conversation_id, messages, cause=cause, key=key, transcript=transcript
                )
                session.commit()
                return staged

        staged = await asyncio.to_thread(staged_row)
        if staged is None:
            return False
        if not staged.new:
            return True
        if await self.deliver([staged.key]):
            return True
        log.warning("push to %s not delivered yet; the outbox retries", conversation_id)
        return False
