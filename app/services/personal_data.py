"""What the system holds about one conversation, and how it is exported, erased and
purged (UU PDP No. 27/2022: rights to access and erasure; retention limited to the
period the privacy notice states, ``HALO_PRIVACY_RETENTION_DAYS``).

Stores covered: the transcript (MessageLog), files the citizen sent (runtime/media),
Rasa's tracker events (its SQL tracker store), complaints (the public record stays,
without the reporter), bookings, handoff requests, and the TTS cache (by age). What the
law requires to keep stays: the privacy-notice log and the audit log (``handoff_audit``).
Every access, export, erasure and purge writes an audit entry.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.config import Settings
from app.models import (
    AuditEntry,
    Booking,
    BookingStatus,
    Complaint,
    ComplaintFollower,
    Conversation,
    HandoffRequest,
    MessageLog,
    PrivacyNoticeLog,
)
from app.models.base import utcnow
from app.services.media import MediaRejected, media_path
from app.services.privacy import mask_nik_tokens

log = logging.getLogger(__name__)

ERASED_NAME = "-"
SYSTEM = "system"


@dataclass
class Erased:
    messages: int = 0
    media: int = 0
    tracker_events: int = 0
    complaints: int = 0
    bookings: int = 0
    cancelled: int = 0
    handoffs: int = 0


def audit(
    session: Session, action: str, conversation_id: str | None, actor: str, **detail: Any
) -> None:
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            conversation_id=conversation_id,
            detail=json.dumps(detail, default=str) if detail else None,
        )
    )


def _media_urls(lines: list[MessageLog]) -> set[str]:
    urls: set[str] = set()
    for line in lines:
        if line.direction != "in" or not line.payload:
            continue
        try:
            data = json.loads(line.payload)
        except ValueError:
            continue
        if isinstance(data, dict):
            for item in data.get("attachments") or []:
                url = item.get("url") if isinstance(item, dict) else None
                if isinstance(url, str) and url.startswith("media/"):
                    urls.add(url)
    return urls


def summary(session: Session, conversation_id: str) -> dict[str, int]:
    lines = list(
        session.exec(select(MessageLog).where(MessageLog.conversation_id == conversation_id))
    )
    complaints = session.exec(
        select(Complaint.id).where(Complaint.reporter_conversation_id == conversation_id)
    ).all()
    bookings = session.exec(select(Booking.id).where(Booking.owner_id == conversation_id)).all()
    handoffs = session.exec(
        select(HandoffRequest.id).where(HandoffRequest.conversation_id == conversation_id)
    ).all()
    return {
        "messages": len(lines),
        "media": len(_media_urls(lines)),
        "complaints": len(complaints),
        "bookings": len(bookings),
        "handoffs": len(handoffs),
    }


def export(session: Session, conversation_id: str) -> dict[str, Any]:
    """Everything stored about the conversation, as the citizen may download it."""
    conv = session.get(Conversation, conversation_id)
    lines = session.exec(
        select(MessageLog)
        .where(MessageLog.conversation_id == conversation_id)
        .order_by(col(MessageLog.id))
    ).all()
    complaints = session.exec(
        select(Complaint).where(Complaint.reporter_conversation_id == conversation_id)
    ).all()
    bookings = session.exec(select(Booking).where(Booking.owner_id == conversation_id)).all()
    handoffs = session.exec(
        select(HandoffRequest).where(HandoffRequest.conversation_id == conversation_id)
    ).all()
    notices = session.exec(
        select(PrivacyNoticeLog).where(PrivacyNoticeLog.conversation_id == conversation_id)
    ).all()
    return {
        "conversation": {
            "channel": conv.channel if conv else None,
            "created_at": conv.created_at if conv else None,
            "last_seen_at": conv.last_seen_at if conv else None,
        },
        "messages": [
            {"at": m.created_at, "from": m.sender, "text": mask_nik_tokens(m.text)} for m in lines
        ],
        "complaints": [
            {
                "code": c.ticket_code,
                "category": c.category,
                "status": c.status,
                "description": mask_nik_tokens(c.description),
                "address": c.address,
                "privacy": c.privacy,
                "name": c.reporter_name,
                "phone": c.reporter_phone,
                "nik_stored": c.nik_hmac is not None,
                "created_at": c.created_at,
            }
            for c in complaints
        ],
        "bookings": [
            {
                "code": b.code,
                "facility": b.facility_id,
                "start_at": b.start_at,
                "end_at": b.end_at,
                "name": b.name,
                "phone": b.phone,
                "status": b.status,
            }
            for b in bookings
        ],
        "officer_conversations": [
            {"requested_at": h.requested_at, "reason": h.reason, "status": h.status}
            for h in handoffs
        ],
        "privacy_notices": [{"version": n.policy_version, "shown_at": n.shown_at} for n in notices],
    }


# ------------------------------------------------------------------ Rasa's tracker store


def _tracker_engine(settings: Settings) -> Engine | None:
    url = settings.tracker_store_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    eng = create_engine(url)
    if not inspect(eng).has_table("events"):
        eng.dispose()
        return None
    return eng


def delete_tracker_events(
    settings: Settings, *, sender_id: str | None = None, before: datetime | None = None
) -> int:
    """Delete Rasa's stored events of one conversation, or all events older than
    ``before``. Rasa's SQL tracker store reads the table on every turn (no cache)."""
    eng = _tracker_engine(settings)
    if eng is None:
        return 0
    try:
        with eng.begin() as conn:
            if sender_id is not None:
                result = conn.execute(
                    text("DELETE FROM events WHERE sender_id = :s"), {"s": sender_id}
                )
            elif before is not None:
                result = conn.execute(
                    text("DELETE FROM events WHERE timestamp < :t"), {"t": before.timestamp()}
                )
            else:
                return 0
            return int(result.rowcount or 0)
    finally:
        eng.dispose()


def tracker_texts(settings: Settings) -> list[str]:
    """Every stored event's data (for tests and audits: is a NIK anywhere?)."""
    eng = _tracker_engine(settings)
    if eng is None:
        return []
    try:
        with eng.connect() as conn:
            return [str(r[0]) for r in conn.execute(text("SELECT data FROM events"))]
    finally:
        eng.dispose()


# ------------------------------------------------------------------ erasure


def _unlink_media(settings: Settings, urls: set[str]) -> int:
    removed = 0
    for url in urls:
        try:
            path = media_path(settings.runtime_dir, url)
        except MediaRejected:
            continue
        if path.exists():
            path.unlink()
            removed += 1
    return removed


def erase_conversation(
    session: Session, settings: Settings, conversation_id: str, *, actor: str
) -> Erased:
    """Erase the personal data of one conversation (caller commits nothing: done here)."""
    out = Erased()
    lines = list(
        session.exec(select(MessageLog).where(MessageLog.conversation_id == conversation_id))
    )
    out.media = _unlink_media(settings, _media_urls(lines))
    out.messages = len(lines)
    session.exec(delete(MessageLog).where(col(MessageLog.conversation_id) == conversation_id))
    session.exec(
        delete(ComplaintFollower).where(col(ComplaintFollower.conversation_id) == conversation_id)
    )
    for c in session.exec(
        select(Complaint).where(Complaint.reporter_conversation_id == conversation_id)
    ):
        _anonymise_complaint(c)
        session.add(c)
        out.complaints += 1
    now = utcnow()
    for b in session.exec(select(Booking).where(Booking.owner_id == conversation_id)):
        start = b.start_at if b.start_at.tzinfo else b.start_at.replace(tzinfo=UTC)
        if b.status == BookingStatus.CONFIRMED and start > now:
            b.status = BookingStatus.CANCELLED
            b.cancelled_by = "citizen"
            b.cancel_reason = "data erased"
            out.cancelled += 1
        _anonymise_booking(b)
        session.add(b)
        out.bookings += 1
    for h in session.exec(
        select(HandoffRequest).where(HandoffRequest.conversation_id == conversation_id)
    ):
        h.summary = None
        h.callback_phone = None
        session.add(h)
        out.handoffs += 1
    out.tracker_events = delete_tracker_events(settings, sender_id=conversation_id)
    audit(session, "data_erasure", conversation_id, actor, **asdict(out))
    session.commit()
    return out


def _anonymise_complaint(c: Complaint) -> None:
    c.reporter_conversation_id = None
    c.reporter_name = None
    c.reporter_phone = None
    c.reporter_email = None
    c.nik_hmac = None


def _anonymise_booking(b: Booking) -> None:
    b.name = ERASED_NAME
    b.phone = ""
    b.owner_id = f"erased:{b.id}"


# ------------------------------------------------------------------ retention purge


def _old_files(folder: Path, cutoff: datetime) -> int:
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff.timestamp():
            path.unlink()
            removed += 1
    return removed


def purge(engine: Engine, settings: Settings, now: datetime | None = None) -> dict[str, int]:
    """Delete or anonymise what is older than the retention period."""
    now = now or utcnow()
    cutoff = now - timedelta(days=settings.privacy_retention_days)
    counts = {"conversations": 0, "messages": 0, "complaints": 0, "bookings": 0}
    with Session(engine) as session:
        stale = session.exec(
            select(Conversation.id).where(col(Conversation.last_seen_at) < cutoff)
        ).all()
        for conv_id in stale:
            erased = erase_conversation(session, settings, conv_id, actor=SYSTEM)
            counts["conversations"] += 1
            counts["messages"] += erased.messages
        old_lines = session.exec(select(MessageLog).where(col(MessageLog.created_at) < cutoff))
        for line in list(old_lines):
            session.delete(line)
            counts["messages"] += 1
        for c in session.exec(
            select(Complaint).where(
                col(Complaint.created_at) < cutoff,
                col(Complaint.reporter_conversation_id).is_not(None)
                | col(Complaint.reporter_phone).is_not(None)
                | col(Complaint.nik_hmac).is_not(None)
                | col(Complaint.reporter_name).is_not(None),
            )
        ):
            _anonymise_complaint(c)
            session.add(c)
            counts["complaints"] += 1
        for b in session.exec(
            select(Booking).where(col(Booking.end_at) < cutoff, Booking.name != ERASED_NAME)
        ):
            _anonymise_booking(b)
            session.add(b)
            counts["bookings"] += 1
        session.commit()
        counts["tracker_events"] = delete_tracker_events(settings, before=cutoff)
        counts["media"] = _old_files(settings.runtime_dir / "media", cutoff)
        tts_dir = settings.tts_cache_dir or settings.runtime_dir / "tts-cache"
        counts["tts_cache"] = _old_files(tts_dir, cutoff)
        audit(session, "retention_purge", None, SYSTEM, cutoff=cutoff.isoformat(), **counts)
        session.commit()
    log.info("retention purge (%d days): %s", settings.privacy_retention_days, counts)
    return counts


async def purge_loop(engine: Engine, settings: Settings) -> None:
    """Run :func:`purge` now and every ``privacy_purge_interval_s`` (in a thread)."""
    while True:
        try:
            await asyncio.to_thread(purge, engine, settings)
        except Exception:
            log.exception("retention purge failed; retried at the next interval")
        await asyncio.sleep(settings.privacy_purge_interval_s)
