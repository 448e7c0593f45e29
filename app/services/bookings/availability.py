"""Which times are free: the bookings that overlap a time, the free starts of a day, the
next free starts from a given time on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from app.models import Booking, BookingStatus
from app.services.bookings.rules import _day_bounds, as_utc, closed_reason
from app.services.facilities import Facility
from core.lang.when import TZ, local


def overlapping(
    session: Session,
    facility_id: str,
    start: datetime,
    end: datetime,
    exclude_id: int | None = None,
) -> list[Booking]:
    stmt = select(Booking).where(
        Booking.facility_id == facility_id,
        Booking.status != BookingStatus.CANCELLED,
        col(Booking.start_at) < as_utc(end),
        col(Booking.end_at) > as_utc(start),
    )
    if exclude_id is not None:
        stmt = stmt.where(Booking.id != exclude_id)
    return list(session.exec(stmt).all())


def free_slots(
    session: Session,
    fac: Facility,
    day: date,
    *,
    minutes: int | None = None,
    now: datetime | None = None,
    between: tuple[int, int] | None = None,
    exclude_id: int | None = None,
) -> list[datetime]:
    """Start times (aware, Asia/Jakarta) on ``day`` at which ``fac`` is free for
    ``minutes`` (default: its minimum duration), optionally only between two hours."""
    now = now or datetime.now(UTC)
    minutes = minutes or fac.min_duration_minutes
    opening = fac.opening(day)
    if opening is None or closed_reason(session, fac, day):
        return []
    if day > now.astimezone(TZ).date() + timedelta(days=fac.max_notice_days):
        return []
    lo, hi = _day_bounds(day)
    taken = [
        (as_utc(b.start_at), as_utc(b.end_at))
        for b in overlapping(session, fac.id, lo, hi, exclude_id=exclude_id)
    ]
    slots = []
    cursor = local(day, opening[0])
    close = local(day, opening[1])
    step = timedelta(minutes=fac.slot_minutes)
    length = timedelta(minutes=minutes)
    while cursor + length <= close:
        if between is None or between[0] <= cursor.hour < between[1]:
            end = cursor + length
            if cursor >= now + fac.min_notice and not any(s < end and e > cursor for s, e in taken):
                slots.append(cursor)
        cursor += step
    return slots


def next_free_slots(
    session: Session,
    fac: Facility,
    after: datetime,
    *,
    minutes: int,
    now: datetime | None = None,
    limit: int = 3,
    exclude_id: int | None = None,
) -> list[datetime]:
    """The first ``limit`` free starts from ``after`` on (same day first, then the next days
    within the facility's booking horizon)."""
    now = now or datetime.now(UTC)
    found: list[datetime] = []
    day = after.astimezone(TZ).date()
    last = now.astimezone(TZ).date() + timedelta(days=fac.max_notice_days)
    while day <= last and len(found) < limit:
        for slot in free_slots(session, fac, day, minutes=minutes, now=now, exclude_id=exclude_id):
            if slot >= after and len(found) < limit:
                found.append(slot)
        day += timedelta(days=1)
    return found
