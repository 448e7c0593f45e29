"""Handoff to call-centre agents: the queue, internal notes, canned replies, the audit
log of every agent action, and the agent console's sign-in sessions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class HandoffStatus(StrEnum):
    WAITING = "waiting"  # in the queue, no officer yet
    CLAIMED = "claimed"  # an officer answers
    CLOSED = "closed"  # handed back to the assistant, closed, or cancelled


class HandoffRequest(SQLModel, table=True):
    """One stay of a conversation with the officers: from the request to the hand-back.

    ``summary`` holds (as JSON) what the assistant already collected (Rasa slots).
    ``rasa_synced`` is False while Rasa still has to be paused (open request) or resumed
    (closed request): the app finishes that after the turn that asked, or at start-up.
    """

    __tablename__ = "handoff_request"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(foreign_key="conversation.id", index=True, max_length=200)
    reason: str = Field(max_length=40)
    status: HandoffStatus = Field(default=HandoffStatus.WAITING, index=True)
    summary: str | None = None
    after_hours: bool = False
    callback_phone: str | None = Field(default=None, max_length=32)
    assigned_agent_id: int | None = Field(default=None, foreign_key="staffuser.id")
    outcome: str | None = Field(default=None, max_length=20)  # handed_back|closed|cancelled
    rasa_synced: bool = False
    requested_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    claimed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    closed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    last_notice_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class HandoffNote(SQLModel, table=True):
    """Internal note by an officer; never shown to the citizen."""

    __tablename__ = "handoff_note"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="handoff_request.id", index=True)
    author_id: int = Field(foreign_key="staffuser.id")
    text: str
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class CannedReply(SQLModel, table=True):
    __tablename__ = "canned_reply"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=80)
    text: str
    active: bool = True
    created_by: int | None = Field(default=None, foreign_key="staffuser.id")
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class AuditEntry(SQLModel, table=True):
    """Who did what to which conversation. ``actor_id`` None: the assistant or the system."""

    __tablename__ = "handoff_audit"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    actor_id: int | None = Field(default=None, foreign_key="staffuser.id")
    actor: str = Field(max_length=64)  # username, "assistant" or "system"
    action: str = Field(max_length=40, index=True)
    conversation_id: str | None = Field(default=None, max_length=200, index=True)
    request_id: int | None = None
    detail: str | None = None  # JSON


class ConsoleSession(SQLModel, table=True):
    """Server side of a console sign-in; the browser holds the signed id in a cookie."""

    __tablename__ = "console_session"

    id: str = Field(primary_key=True, max_length=64)
    staff_id: int = Field(foreign_key="staffuser.id", index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    revoked: bool = False
