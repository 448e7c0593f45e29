"""A citizen's conversation on one channel, its transcript and the privacy notices shown."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class ConversationMode(StrEnum):
    BOT = "bot"
    QUEUED = "queued"  # waiting for an officer; Rasa paused
    AGENT = "agent"  # an officer is answering; Rasa paused


class Conversation(SQLModel, table=True):
    """One (channel, channel user) pair. ``id`` is also Rasa's sender id."""

    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: str = Field(primary_key=True, max_length=200)  # "<channel>:<external_id>"
    channel: str = Field(max_length=32, index=True)
    external_id: str = Field(max_length=160)
    mode: ConversationMode = Field(default=ConversationMode.BOT)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))
    last_seen_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True))
    )


class MessageLog(SQLModel, table=True):
    """Transcript line. ``channel_message_id`` de-duplicates channel redeliveries."""

    __table_args__ = (UniqueConstraint("conversation_id", "channel_message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(foreign_key="conversation.id", index=True, max_length=200)
    direction: str = Field(max_length=8)  # "in" | "out"
    sender: str = Field(max_length=16)  # "citizen" | "bot" | "agent" | "system"
    channel_message_id: str | None = Field(default=None, max_length=200)
    text: str = Field(default="")
    payload: str | None = None  # JSON of buttons / attachments
    pushed: bool = False  # sent proactively (not as the reply to a citizen's message)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))


class PrivacyNoticeLog(SQLModel, table=True):
    """Proof that the privacy notice (UU PDP Ps.21-22) was shown, and which version."""

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(foreign_key="conversation.id", index=True, max_length=200)
    policy_version: str = Field(max_length=32)
    shown_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))
