"""The outbox (messages the city sends, written with the change that causes them) and
the citizens' turns kept while the assistant was down (replayed in order)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime, Index
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"  # due at next_attempt_at
    SENDING = "sending"  # claimed by a worker until locked_until
    SENT = "sent"
    DEAD = "dead"  # gave up after the last attempt; a supervisor may retry it


class OutboxMessage(SQLModel, table=True):
    """One delivery to one conversation (one or more messages, sent together)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=64, unique=True)
    conversation_id: str = Field(foreign_key="conversation.id", index=True, max_length=200)
    channel: str = Field(max_length=32)
    external_id: str = Field(max_length=160)
    cause: str = Field(default="", max_length=200)
    messages: str  # JSON list of OutgoingMessage
    status: str = Field(default=OutboxStatus.PENDING.value, max_length=16)  # OutboxStatus
    attempts: int = 0
    next_attempt_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    locked_until: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))
    sent_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class PendingTurn(SQLModel, table=True):
    """A citizen's message that reached the app while Rasa was down."""

    __tablename__ = "pendingturn"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(foreign_key="conversation.id", index=True, max_length=200)
    message_log_id: int | None = None
    text: str
    metadata_json: str = "{}"
    status: str = Field(default="pending", max_length=16, index=True)  # pending|done|skipped
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))
    replayed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
