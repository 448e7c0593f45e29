"""The outbox: every message the city sends first is a row written in the same
transaction as the change that causes it, then delivered by a worker.

- :func:`stage` adds the row (and the transcript lines) to the caller's session; the
  caller's commit makes the change and its message durable together, a rollback drops
  both.
- Each row has a unique idempotency key (a hash of conversation, cause and sequence):
  staging the same key twice is a no-op.
- :func:`claim` hands due rows to one worker only (PostgreSQL: ``SELECT ... FOR UPDATE
  SKIP LOCKED``; SQLite: a conditional ``UPDATE``), in order per conversation (a row waits
  while an earlier one of its conversation is pending or being sent).
- :func:`deliver` sends a claimed row through the channel's sender and marks it sent, or
  due again after an exponential backoff, or ``dead`` after the last attempt
  (:func:`dead_letters`, :func:`retry`).

Delivery is at least once: the channels' APIs (Telegram Bot API, WhatsApp Cloud API)
take no idempotency key, so a crash between a vendor's acceptance and the ``sent`` mark
sends that row again once its claim lapses (``LEASE_S``).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import and_, exists, func, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app import observability
from app.models import Conversation, MessageLog
from app.models.base import utcnow
from app.models.outbox import OutboxMessage, OutboxStatus
from core.message import OutgoingMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE_S = 5.0
BACKOFF_MAX_S = 3600.0
LEASE_S = 300.0  # a claim lapses after this long (the worker died mid-send)


class ChannelSender(Protocol):
    async def send(self, user_id: str, messages: list[OutgoingMessage]) -> None:
        """Deliver to the citizen; raise on failure (the outbox retries)."""
        ...


@dataclass(frozen=True)
class Staged:
    key: str
    new: bool  # False: the key was staged before (a duplicate, nothing added)


@dataclass(frozen=True)
class Claimed:
    id: int
    key: str
    conversation_id: str
    channel: str
    external_id: str
    messages: list[OutgoingMessage]
    attempts: int  # including this one


@dataclass(frozen=True)
class Policy:
    max_attempts: int = MAX_ATTEMPTS
    backoff_base_s: float = BACKOFF_BASE_S
    backoff_max_s: float = BACKOFF_MAX_S
    lease_s: float = LEASE_S

    def backoff(self, attempts: int) -> timedelta:
        return timedelta(
            seconds=min(self.backoff_max_s, self.backoff_base_s * 2 ** max(0, attempts - 1))
        )


def make_key(conversation_id: str, cause: str, sequence: object = None) -> str:
    """The idempotency key of (conversation, cause, sequence); no sequence: unique."""
    seq = uuid.uuid4().hex if sequence is None else str(sequence)
    raw = json.dumps([conversation_id, cause, seq], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def stage(
    session: Session,
    conversation_id: str,
    messages: Sequence[OutgoingMessage],
    *,
    cause: str,
    key: str | None = None,
    transcript: bool = True,
) -> Staged | None:
    """Add a delivery to ``session`` (not committed). None: unknown conversation."""
    conv = session.get(Conversation, conversation_id)
    if conv is None:
        log.warning("outbox: message to unknown conversation %s dropped", conversation_id)
        return None
    key = key or make_key(conversation_id, cause)
    now = utcnow()
    values = {
        "idempotency_key": key,
        "conversation_id": conversation_id,
        "channel": conv.channel,
        "external_id": conv.external_id,
        "cause": cause[:200],
        "messages": json.dumps([m.model_dump(mode="json") for m in messages], ensure_ascii=False),
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    if not _insert_new(session, values):
        return Staged(key, new=False)
    if transcript:
        for msg in messages:
            payload = [b.model_dump() for b in msg.buttons] or None
            session.add(
                MessageLog(
                    conversation_id=conversation_id,
                    direction="out",
                    sender=msg.sender,
                    text=msg.text,
                    payload=json.dumps(payload, ensure_ascii=False) if payload else None,
                    pushed=True,
                )
            )
    return Staged(key, new=True)


def _insert_new(session: Session, values: dict[str, object]) -> bool:
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = (
            insert(table)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
        )
        return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]
    found = session.exec(
        select(OutboxMessage.id).where(OutboxMessage.idempotency_key == values["idempotency_key"])
    ).first()
    if found is not None:
        return False
    session.execute(table.insert().values(**values))
    return True


def _due(now: datetime) -> object:
    earlier = aliased(OutboxMessage)
    in_order = ~exists().where(
        col(earlier.conversation_id) == col(OutboxMessage.conversation_id),
        col(earlier.id) < col(OutboxMessage.id),
        col(earlier.status).in_([OutboxStatus.PENDING.value, OutboxStatus.SENDING.value]),
    )
    ready = or_(
        and_(
            col(OutboxMessage.status) == OutboxStatus.PENDING.value,
            col(OutboxMessage.next_attempt_at) <= now,
        ),
        and_(
            col(OutboxMessage.status) == OutboxStatus.SENDING.value,
            col(OutboxMessage.locked_until) < now,
        ),
    )
    return and_(ready, in_order)


def claim(
    engine: Engine,
    *,
    limit: int = 20,
    keys: Sequence[str] | None = None,
    policy: Policy = Policy(),
    now: datetime | None = None,
) -> list[Claimed]:
    """Take due rows for this worker alone (``keys``: only those rows)."""
    now = now or utcnow()
    due = _due(now)
    claim_values = {
        "status": OutboxStatus.SENDING.value,
        "locked_until": now + timedelta(seconds=policy.lease_s),
        "attempts": col(OutboxMessage.attempts) + 1,
    }
    with Session(engine) as session:
        stmt = select(OutboxMessage.id).where(due)  # type: ignore[arg-type]
        if keys is not None:
            if not keys:
                return []
            stmt = stmt.where(col(OutboxMessage.idempotency_key).in_(list(keys)))
        stmt = stmt.order_by(col(OutboxMessage.id)).limit(limit)
        if engine.dialect.name == "postgresql":
            ids = list(session.exec(stmt.with_for_update(skip_locked=True)).all())
            if ids:
                session.execute(
                    update(OutboxMessage)
                    .where(col(OutboxMessage.id).in_(ids))
                    .values(**claim_values)
                )
            session.commit()
        else:
            ids = []
            for row_id in session.exec(stmt).all():
                result = session.execute(
                    update(OutboxMessage)
                    .where(col(OutboxMessage.id) == row_id, due)  # type: ignore[arg-type]
                    .values(**claim_values)
                )
                session.commit()
                if result.rowcount == 1:  # type: ignore[attr-defined]
                    ids.append(row_id)
        if not ids:
            return []
        rows = session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.id).in_(ids))
            .order_by(col(OutboxMessage.id))
        ).all()
        return [
            Claimed(
                id=r.id or 0,
                key=r.idempotency_key,
                conversation_id=r.conversation_id,
                channel=r.channel,
                external_id=r.external_id,
                messages=[OutgoingMessage.model_validate(m) for m in json.loads(r.messages)],
                attempts=r.attempts,
            )
            for r in rows
        ]


async def deliver(
    engine: Engine,
    senders: Mapping[str, ChannelSender],
    row: Claimed,
    *,
    policy: Policy = Policy(),
) -> bool:
    """Send one claimed row; True if the channel took it (or the channel polls)."""
    sender = senders.get(row.channel)
    if sender is not None:
        try:
            await sender.send(row.external_id, row.messages)
        except Exception as error:
            await asyncio.to_thread(_failed, engine, row, repr(error), policy)
            return False
    await asyncio.to_thread(
        _finish, engine, row.id, OutboxStatus.SENT, sent_at=utcnow(), last_error=None
    )
    return True


def _failed(engine: Engine, row: Claimed, error: str, policy: Policy) -> None:
    observability.outbox_failed()  # halo_outbox_failures_total
    if row.attempts >= policy.max_attempts:
        log.error(
            "outbox %s to %s dead after %d attempts: %s",
            row.id,
            row.conversation_id,
            row.attempts,
            error,
        )
        _finish(engine, row.id, OutboxStatus.DEAD, last_error=error[:500])
        return
    wait = policy.backoff(row.attempts)
    log.warning(
        "outbox %s to %s failed (attempt %d), again in %.0f s: %s",
        row.id,
        row.conversation_id,
        row.attempts,
        wait.total_seconds(),
        error,
    )
    _finish(
        engine,
        row.id,
        OutboxStatus.PENDING,
        next_attempt_at=utcnow() + wait,
        last_error=error[:500],
    )


def _finish(engine: Engine, row_id: int, status: OutboxStatus, **values: object) -> None:
    with Session(engine) as session:
        session.execute(
            update(OutboxMessage)
            .where(
                col(OutboxMessage.id) == row_id,
                col(OutboxMessage.status) == OutboxStatus.SENDING.value,
            )
            .values(status=status.value, locked_until=None, **values)
        )
        session.commit()


def stats(session: Session) -> tuple[int, int]:
    """(depth, dead): rows waiting to be sent (pending or being sent), and dead letters."""
    counts = dict(
        session.exec(
            select(OutboxMessage.status, func.count())
            .where(
                col(OutboxMessage.status).in_(
                    [
                        OutboxStatus.PENDING.value,
                        OutboxStatus.SENDING.value,
                        OutboxStatus.DEAD.value,
                    ]
                )
            )
            .group_by(col(OutboxMessage.status))
        ).all()
    )
    depth = counts.get(OutboxStatus.PENDING.value, 0) + counts.get(OutboxStatus.SENDING.value, 0)
    return depth, counts.get(OutboxStatus.DEAD.value, 0)


def dead_letters(session: Session, limit: int = 200) -> Sequence[OutboxMessage]:
    return session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.DEAD.value)
        .order_by(col(OutboxMessage.id).desc())
        .limit(limit)
    ).all()


def retry(session: Session, row_id: int) -> bool:
    """A dead letter due again now, with a fresh count of attempts. False: not dead."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id) == row_id,
            col(OutboxMessage.status) == OutboxStatus.DEAD.value,
        )
        .values(
            status=OutboxStatus.PENDING.value,
            attempts=0,
            next_attempt_at=utcnow(),
            locked_until=None,
        )
    )
    session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]
