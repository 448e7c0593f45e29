"""The transcript of a conversation, as the app stores it: the conversation row, its lines
(citizen, assistant, officers, system), and reading them back. Used by the conversation
path (app/services/conversations.py, which re-exports these names), the handoff queue,
the channels and the staff views."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.models import Conversation, MessageLog


def last_seen(session: Session, conversation_id: str) -> datetime | None:
    """When the citizen last wrote in this conversation (aware, UTC), or None if never."""
    conv = session.get(Conversation, conversation_id)
    if conv is None:
        return None
    last = conv.last_seen_at
    return last if last.tzinfo else last.replace(tzinfo=UTC)


def last_reply(session: Session, conversation_id: str) -> MessageLog | None:
    """The conversation's last outgoing line (the assistant's, an officer's or the app's)."""
    stmt = (
        select(MessageLog)
        .where(MessageLog.conversation_id == conversation_id, MessageLog.direction == "out")
        .order_by(col(MessageLog.id).desc())
        .limit(1)
    )
    return session.exec(stmt).first()


def last_turn_replies(session: Session, conversation_id: str, limit: int = 8) -> list[MessageLog]:
    """The outgoing lines of the last turn, oldest first: those after the citizen's
    previous message (the one being answered now, if already logged, is passed over)."""
    stmt = (
        select(MessageLog)
        .where(MessageLog.conversation_id == conversation_id)
        .order_by(col(MessageLog.id).desc())
        .limit(limit)
    )
    rows = list(session.exec(stmt))
    while rows and rows[0].direction == "in":
        rows.pop(0)
    turn: list[MessageLog] = []
    for row in rows:
        if row.direction == "in":
            break
        turn.append(row)
    return turn[::-1]


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


def new_line(
    conversation_id: str,
    direction: str,
    sender: str,
    text: str,
    *,
    channel_message_id: str | None = None,
    payload: object | None = None,
    pushed: bool = False,
) -> MessageLog:
    return MessageLog(
        conversation_id=conversation_id,
        direction=direction,
        sender=sender,
        text=text,
        channel_message_id=channel_message_id,
        payload=json.dumps(payload, ensure_ascii=False) if payload else None,
        pushed=pushed,
    )


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
) -> int | None:
    """Append to the transcript (committing what the session holds). Returns the line id,
    or None when ``channel_message_id`` was seen before (the session rolled back)."""
    entry = new_line(
        conversation_id,
        direction,
        sender,
        text,
        channel_message_id=channel_message_id,
        payload=payload,
        pushed=pushed,
    )
    session.add(entry)
    try:
        session.flush()  # the id, read before the commit expires it (no reload query)
        entry_id = entry.id
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return entry_id


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
