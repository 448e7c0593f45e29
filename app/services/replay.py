"""Citizens' messages that reached the app while Rasa was down.

The citizen is told "Pesan Anda sudah kami simpan" and the message is kept as a pending
turn (:class:`PendingTurn`). When Rasa answers again (the worker checks its readiness,
or the conversation's next message finds it up) the pending turns are sent to Rasa in
order, one conversation at a time under the conversation lock, and the replies go out
through the outbox (web chat / kiosk: the transcript lines their page polls).

A turn is marked replayed in the transaction that stages its replies; a crash between
Rasa's answer and that commit replays the turn once more (at least once).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from app.errors import AssistantUnavailable
from app.models import Conversation, ConversationMode, PendingTurn
from app.models.base import utcnow
from app.services import outbox
from core.message import OutgoingMessage

log = logging.getLogger(__name__)


class Rasa(Protocol):
    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]: ...


class Deliverer(Protocol):
    async def deliver(self, keys: Sequence[str]) -> int: ...


def keep(
    engine: Engine,
    conversation_id: str,
    text: str,
    metadata: dict[str, Any],
    message_log_id: int | None = None,
) -> int:
    """Store a turn Rasa could not take; returns its id."""
    with Session(engine) as session:
        turn = PendingTurn(
            conversation_id=conversation_id,
            message_log_id=message_log_id,
            text=text,
            metadata_json=json.dumps(metadata, ensure_ascii=False, default=str),
        )
        session.add(turn)
        session.commit()
        log.info("turn of %s kept for replay (Rasa down)", conversation_id)
        return turn.id or 0


def has_pending(engine: Engine, conversation_id: str, session: Session | None = None) -> bool:
    """Whether turns kept for replay still wait, read in ``session`` when given."""
    if session is None:
        with Session(engine) as own:
            return has_pending(engine, conversation_id, own)
    query = select(PendingTurn.id).where(
        PendingTurn.conversation_id == conversation_id, PendingTurn.status == "pending"
    )
    return session.exec(query).first() is not None


def waiting_conversations(engine: Engine, limit: int = 100) -> list[str]:
    """Conversations with pending turns, the longest waiting first."""
    with Session(engine) as session:
        first = func.min(PendingTurn.id)
        rows = session.exec(
            select(PendingTurn.conversation_id, first)
            .where(PendingTurn.status == "pending")
            .group_by(col(PendingTurn.conversation_id))
            .order_by(first)
            .limit(limit)
        ).all()
    return [conversation_id for conversation_id, _ in rows]


def pending_count(engine: Engine) -> int:
    with Session(engine) as session:
        return int(
            session.exec(
                select(func.count()).select_from(PendingTurn).where(PendingTurn.status == "pending")
            ).one()
        )


async def replay(engine: Engine, rasa: Rasa, outbound: Deliverer, conversation_id: str) -> int:
    """Send the conversation's pending turns to Rasa in order (the caller holds the
    conversation lock). Returns how many were replayed; stops at the first turn Rasa
    cannot take (raises nothing: the rest waits for the next try)."""
    with Session(engine) as session:
        turns = session.exec(
            select(PendingTurn)
            .where(PendingTurn.conversation_id == conversation_id, PendingTurn.status == "pending")
            .order_by(col(PendingTurn.id))
        ).all()
        conv = session.get(Conversation, conversation_id)
        mode = conv.mode if conv is not None else ConversationMode.BOT
    done = 0
    keys: list[str] = []
    for turn in turns:
        replies: list[OutgoingMessage] = []
        status = "done"
        if mode is not ConversationMode.BOT:
            status = "skipped"  # the officers have the conversation and its transcript
        else:
            try:
                raw = await rasa.send(conversation_id, turn.text, json.loads(turn.metadata_json))
            except AssistantUnavailable:
                log.info("replay of %s stopped: Rasa still down", conversation_id)
                break
            replies = [OutgoingMessage.from_rasa(item) for item in raw]
        with Session(engine) as session:
            row = session.get(PendingTurn, turn.id)
            if row is None or row.status != "pending":
                continue  # replayed meanwhile by another worker
            row.status = status
            row.replayed_at = utcnow()
            session.add(row)
            if replies:
                key = outbox.make_key(conversation_id, "replay", turn.id)
                staged = outbox.stage(
                    session, conversation_id, replies, cause=f"replay:{turn.id}", key=key
                )
                if staged is not None and staged.new:
                    keys.append(staged.key)
            session.commit()
        done += 1
    if keys:
        await outbound.deliver(keys)
    if done:
        log.info("replayed %d kept turn(s) of %s", done, conversation_id)
    return done
