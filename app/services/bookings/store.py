"""Booking writes: book, cancel, reschedule, close a day; booking codes.

Every write works in the caller's Session and leaves the commit to the caller (the caller
owns the transaction: it may stage the citizen's message with it, and it rolls back on an
error). On SQLite each write first takes the write lock (:func:`app.db.hold_write_lock`).

Never a double booking: the database refuses overlapping bookings itself (see
:mod:`app.services.bookings`); :func:`_precheck_overlap` only gives the friendly answer early.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import or_, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, func, select

from app.db import hold_write_lock
from app.models import Booking, BookingStatus, FacilityClosure
from app.models.base import utcnow
from app.services.bookings.availability import next_free_slots, overlapping
from app.services.bookings.errors import BookingError, BookingNotFound, SlotTaken
from app.services.bookings.rules import (
    _day_bounds,
    as_utc,
    check_rules,
    closures,
    facility_or_error,
)
from app.services.facilities import Catalogue
from core.lang.ids import (
    BOOKING_ALPHABET,
    BOOKING_CODE_LENGTH,
    BOOKING_PREFIX,
    find_booking_code,
)
from core.lang.when import format_date

log = logging.getLogger(__name__)

# Booking codes: BK- and 6 characters without the look-alikes 0/O and 1/I.
CODE_ALPHABET = BOOKING_ALPHABET
CODE_LENGTH = BOOKING_CODE_LENGTH
CODE_PREFIX = f"{BOOKING_PREFIX}-"


def new_code() -> str:
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str | None:
    """ "bk 7k3m9q", "BK-7K3M9Q" -> "BK-7K3M9Q"; None when it cannot be a booking code."""
    return find_booking_code(raw)


def _is_overlap(error: Exception) -> bool:
    msg = str(getattr(error, "orig", error))
    return "booking_no_overlap" in msg or "23P01" in msg


def _precheck_overlap(session: Session, facility_id: str, start: datetime, end: datetime) -> bool:
    """The friendly early check; the database constraint is the real guard (the
    concurrency tests switch this off to prove it)."""
    return bool(overlapping(session, facility_id, start, end))


def count_future(session: Session, owner_id: str, now: datetime, phone: str = "") -> int:
    """Future bookings of one person: the conversation, or the same phone number from
    any conversation or channel (a new chat session is not a new quota)."""
    who = col(Booking.owner_id) == owner_id
    if phone:
        who = or_(who, col(Booking.phone) == phone)
    stmt = select(func.count()).where(
        who,
        Booking.status == BookingStatus.CONFIRMED,
        col(Booking.start_at) > as_utc(now),
    )
    return int(session.exec(stmt).one())


def _reminder_due(start: datetime, now: datetime, hours_before: int) -> datetime | None:
    due = as_utc(start) - timedelta(hours=hours_before)
    return due if due > now else None


def book(
    session: Session,
    facilities: Catalogue,
    *,
    facility_id: str,
    start: datetime,
    minutes: int,
    people: int,
    name: str,
    phone: str,
    owner_id: str,
    now: datetime | None = None,
    max_future: int = 3,
    reminder_hours_before: int = 24,
) -> Booking:
    """Book ``facility_id`` from ``start`` for ``minutes`` in the caller's transaction (the
    caller commits). Raises BookingError (rules, quota, "busy") or SlotTaken (the time is
    held by someone else, with the next free slots); the caller then rolls back.

    The transaction holds the write lock from the start on SQLite (:func:`hold_write_lock`)
    and one citizen's requests are serialised on PostgreSQL; the insert runs in a savepoint,
    so a code collision draws another code and a lost race still answers with the free
    slots, in the same transaction."""
    fac = facility_or_error(facilities, facility_id)
    now = as_utc(now or datetime.now(UTC))
    start = as_utc(start)
    end = start + timedelta(minutes=minutes)
    try:
        hold_write_lock(session)
        if session.get_bind().dialect.name == "postgresql":
            # Quota per citizen: serialise one citizen's concurrent requests.
            for who in sorted({owner_id, phone} - {""}):
                session.connection().execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:owner))"), {"owner": who}
                )
        check_rules(session, fac, start, minutes, people, now)
        if count_future(session, owner_id, now, phone) >= max_future:
            raise BookingError("quota", max_future=max_future)
        if _precheck_overlap(session, fac.id, start, end):
            raise SlotTaken(
                next_free_slots(session, fac, start, minutes=minutes, now=now),
                facility=fac.name,
            )
        for _attempt in range(5):
            booking = Booking(
                code=new_code(),
                facility_id=fac.id,
                start_at=start,
                end_at=end,
                people=people,
                name=name.strip(),
                phone=phone,
                owner_id=owner_id,
                reminder_due_at=_reminder_due(start, now, reminder_hours_before),
            )
            try:
                with session.begin_nested():  # the insert's own savepoint
                    session.add(booking)
            except IntegrityError as error:
                if _is_overlap(error):
                    log.info("booking race lost for %s at %s", fac.id, start.isoformat())
                    alternatives = next_free_slots(session, fac, start, minutes=minutes, now=now)
                    raise SlotTaken(alternatives, facility=fac.name) from error
                if "code" in str(error.orig):
                    continue  # booking code collision: draw another
                raise
            log.info("booked %s %s %s", booking.code, fac.id, start.isoformat())
            return booking
    except OperationalError as error:  # SQLite: write lock not obtained in time
        log.warning("booking write lock not obtained: %s", error)
        raise BookingError("busy") from error
    raise BookingError("busy")


def find_by_code(session: Session, code: str) -> Booking | None:
    """The booking with ``code``, or None (a lookup where absence is an answer)."""
    return session.exec(select(Booking).where(Booking.code == code)).first()


def get_by_code(session: Session, code: str) -> Booking:
    """The booking with ``code``; :class:`BookingNotFound` (404) if there is none."""
    booking = find_by_code(session, code)
    if booking is None:
        raise BookingNotFound(code=code)
    return booking


def owned_booking(session: Session, code: str, owner_id: str | None) -> Booking:
    booking = get_by_code(session, code)
    if owner_id is not None and booking.owner_id != owner_id:
        log.warning("%s tried to change booking %s of %s", owner_id, code, booking.owner_id)
        raise BookingError("not_owner", code=code)
    if booking.status == BookingStatus.CANCELLED:
        raise BookingError("already_cancelled", code=code)
    return booking


def cancel(
    session: Session,
    code: str,
    *,
    owner_id: str | None,
    by: str = "citizen",
    reason: str | None = None,
    now: datetime | None = None,
    announce: Callable[[Session, Booking], None] | None = None,
) -> Booking:
    """Cancel by code in the caller's transaction (the caller commits). ``owner_id`` None
    means staff (may cancel any booking). ``announce`` stages the citizen's message in the
    same transaction (the outbox)."""
    now = as_utc(now or datetime.now(UTC))
    hold_write_lock(session)
    booking = owned_booking(session, code, owner_id)
    if owner_id is not None and as_utc(booking.end_at) <= now:
        raise BookingError("already_past", code=code)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_by = by
    booking.cancel_reason = reason
    booking.updated_at = now
    session.add(booking)
    if announce is not None:
        announce(session, booking)
    session.flush()
    log.info("cancelled %s by %s (%s)", code, by, reason or "-")
    return booking


def reschedule(
    session: Session,
    facilities: Catalogue,
    code: str,
    *,
    owner_id: str,
    start: datetime,
    minutes: int | None = None,
    now: datetime | None = None,
    reminder_hours_before: int = 24,
) -> Booking:
    """Move a booking (same code) in the caller's transaction (the caller commits). The
    database refuses an overlap here too; the move runs in a savepoint, so a lost race
    still answers with the free slots."""
    now = as_utc(now or datetime.now(UTC))
    start = as_utc(start)
    hold_write_lock(session)
    booking = owned_booking(session, code, owner_id)
    fac = facility_or_error(facilities, booking.facility_id)
    length = minutes or int(
        (as_utc(booking.end_at) - as_utc(booking.start_at)).total_seconds() // 60
    )
    check_rules(session, fac, start, length, booking.people, now)
    end = start + timedelta(minutes=length)
    booking_id = booking.id
    if overlapping(session, fac.id, start, end, exclude_id=booking_id):
        raise SlotTaken(
            next_free_slots(session, fac, start, minutes=length, now=now, exclude_id=booking_id),
            facility=fac.name,
        )
    try:
        with session.begin_nested():  # the move's own savepoint
            booking.start_at, booking.end_at = start, end
            booking.reminder_due_at = _reminder_due(start, now, reminder_hours_before)
            booking.reminder_sent_at = None
            booking.flagged, booking.flag_reason = False, None
            booking.updated_at = now
            session.add(booking)
    except IntegrityError as error:
        if not _is_overlap(error):
            raise
        alternatives = next_free_slots(
            session, fac, start, minutes=length, now=now, exclude_id=booking_id
        )
        raise SlotTaken(alternatives, facility=fac.name) from error
    log.info("rescheduled %s to %s", code, start.isoformat())
    return booking


def upcoming_of(session: Session, owner_id: str, now: datetime) -> Sequence[Booking]:
    """The confirmed bookings of one conversation that are still ahead, soonest first."""
    stmt = (
        select(Booking)
        .where(
            Booking.owner_id == owner_id,
            Booking.status == BookingStatus.CONFIRMED,
            col(Booking.start_at) > as_utc(now),
        )
        .order_by(col(Booking.start_at))
    )
    return session.exec(stmt).all()


def bookings_on(session: Session, facility_id: str, day: date) -> Sequence[Booking]:
    lo, hi = _day_bounds(day)
    stmt = (
        select(Booking)
        .where(
            Booking.facility_id == facility_id,
            col(Booking.start_at) < hi,
            col(Booking.end_at) > lo,
        )
        .order_by(col(Booking.start_at))
    )
    return session.exec(stmt).all()


def add_closure(
    session: Session,
    facilities: Catalogue,
    facility_id: str,
    day: date,
    *,
    reason: str,
    by: str,
    announce: Callable[[Session, Booking], None] | None = None,
) -> tuple[FacilityClosure, list[Booking]]:
    """Close a facility on ``day`` in the caller's transaction (the caller commits).
    Bookings on that day stay (staff decide) but are flagged; the caller tells their owners
    (``announce``: staged with the closure, per booking). Returns the closure and the
    flagged bookings."""
    facility_or_error(facilities, facility_id)
    hold_write_lock(session)
    closure = closures(session, facility_id, day)
    if closure is None:
        closure = FacilityClosure(facility_id=facility_id, day=day, reason=reason, created_by=by)
        session.add(closure)
    flagged = []
    for booking in bookings_on(session, facility_id, day):
        if booking.status == BookingStatus.CANCELLED:
            continue
        booking.flagged = True
        booking.flag_reason = f"{format_date(day)} ditutup: {reason}"
        booking.updated_at = utcnow()
        session.add(booking)
        flagged.append(booking)
        if announce is not None:
            announce(session, booking)
    session.flush()
    log.info("closed %s on %s (%s): %d bookings flagged", facility_id, day, reason, len(flagged))
    return closure, flagged
