"""Telling citizens: a message about a booking, and the reminders sent before it."""

from __future__ import annotations

import asyncio
import functools
import logging
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.db import in_session
from app.models import Booking, BookingStatus
from app.services import outbox
from app.services.bookings.calendar import describe
from app.services.bookings.rules import as_utc
from app.services.facilities import Catalogue
from core.message import OutgoingMessage
from core.texts import t

log = logging.getLogger(__name__)


class Sink(Protocol):
    async def push(self, conversation_id: str, messages: list[OutgoingMessage]) -> bool: ...


def message(facilities: Catalogue, booking: Booking, key: str, **extra: str) -> OutgoingMessage:
    return OutgoingMessage(text=t(key, **describe(facilities, booking), **extra), sender="system")


async def notify(
    sink: Sink, facilities: Catalogue, booking: Booking, key: str, **extra: str
) -> bool:
    return await sink.push(booking.owner_id, [message(facilities, booking, key, **extra)])


async def send_due_reminders(
    engine: Engine, sink: Sink, facilities: Catalogue, now: datetime | None = None
) -> int:
    """Send every reminder that is due (once each, also with several app processes).
    Returns how many were delivered."""
    now = as_utc(now or datetime.now(UTC))

    def due(session: Session) -> list[Booking]:
        return list(
            session.exec(
                select(Booking).where(
                    Booking.status == BookingStatus.CONFIRMED,
                    col(Booking.reminder_sent_at).is_(None),
                    col(Booking.reminder_due_at) <= now,
                    col(Booking.start_at) > now,
                )
            ).all()
        )

    stage = getattr(sink, "stage", None)  # the outbox: the reminder is staged with its claim

    def claim(session: Session, booking: Booking) -> bool | str:
        claimed = session.execute(
            update(Booking)
            .where(col(Booking.id) == booking.id, col(Booking.reminder_sent_at).is_(None))
            .values(reminder_sent_at=now)
        )
        staged = None
        if stage is not None and claimed.rowcount == 1:  # type: ignore[attr-defined]
            key = outbox.make_key(booking.owner_id, "booking_reminder", booking.id)
            said = [message(facilities, booking, "app.booking_reminder")]
            staged = stage(
                session, booking.owner_id, said, cause=f"booking:{booking.code}", key=key
            )
        session.commit()
        if staged is not None:
            return str(staged.key)
        return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]

    sent = 0
    for booking in await in_session(engine, due):
        claimed = await in_session(engine, functools.partial(claim, booking=booking))
        if not claimed:
            continue  # another process sent it
        if isinstance(claimed, str):  # staged in the outbox: deliver now, else its worker
            delivered = bool(await sink.deliver([claimed]))  # type: ignore[attr-defined]
        else:
            delivered = await notify(sink, facilities, booking, "app.booking_reminder")
        if delivered:
            sent += 1
        else:
            log.warning("reminder for %s not delivered yet (kept in the outbox)", booking.code)
    return sent


async def reminder_loop(
    engine: Engine, sink: Sink, facilities: Catalogue, interval_s: float
) -> None:
    """Background task started in the app's lifespan (with the app's catalogue)."""
    while True:
        try:
            count = await send_due_reminders(engine, sink, facilities)
            if count:
                log.info("booking reminders sent: %d", count)
        except Exception:
            log.exception("booking reminder round failed")
        await asyncio.sleep(interval_s)
