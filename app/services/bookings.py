"""Facility booking: availability, book, cancel, reschedule, closed dates, reminders, .ics.

Every entry point (chat actions, staff API, CLI) calls these functions.

Never a double booking: the database refuses overlapping bookings itself (PostgreSQL
exclusion constraint; SQLite triggers, see migration ``i5_bookings``). On SQLite every
booking write also runs in ``BEGIN IMMEDIATE``, so concurrent writers queue for the write
lock instead of failing half-way. The service checks for overlaps before writing to give a
friendly answer; the database has the last word, and a lost race becomes
:class:`SlotTaken` carrying the next free slots.

Errors (codes name the Rasa response / app text that explains them to the citizen)::

    BookingError
    └── SlotTaken        someone else holds the time; .alternatives = next free starts
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

import icalendar
from sqlalchemy import or_, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, func, select

from app.models import Booking, BookingStatus, FacilityClosure
from app.models.base import utcnow
from app.services.facilities import Catalogue, Facility, load_catalogue
from app.texts import t
from core.errors import Conflict, HaloWargaError
from core.lang.ids import (
    BOOKING_ALPHABET,
    BOOKING_CODE_LENGTH,
    BOOKING_PREFIX,
    find_booking_code,
)
from core.lang.when import TZ, format_date, format_time, local
from core.message import OutgoingMessage

log = logging.getLogger(__name__)

# Booking codes: BK- and 6 characters without the look-alikes 0/O and 1/I.
CODE_ALPHABET = BOOKING_ALPHABET
CODE_LENGTH = BOOKING_CODE_LENGTH
CODE_PREFIX = f"{BOOKING_PREFIX}-"


class BookingError(HaloWargaError):
    """A booking request we refuse. ``code`` is the Indonesian explanation's key."""

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


class SlotTaken(Conflict, BookingError):
    def __init__(self, alternatives: list[datetime], **params: Any) -> None:
        super().__init__("slot_taken", **params)
        self.alternatives = alternatives


class Sink(Protocol):
    async def push(self, conversation_id: str, messages: list[OutgoingMessage]) -> bool: ...


# ---------------------------------------------------------------- helpers


def new_code() -> str:
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str | None:
    """ "bk 7k3m9q", "BK-7K3M9Q" -> "BK-7K3M9Q"; None when it cannot be a booking code."""
    return find_booking_code(raw)


def as_utc(value: datetime) -> datetime:
    """SQLite returns naive datetimes (stored as UTC); PostgreSQL aware ones."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def catalogue() -> Catalogue:
    from app.config import get_settings

    return load_catalogue(get_settings().booking_facilities_file)


def facility_or_error(facility_id: str) -> Facility:
    fac = catalogue().get(facility_id)
    if fac is None:
        raise BookingError("facility_unknown", facility=facility_id)
    return fac


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose transaction holds the database's write lock from the start on
    SQLite (``BEGIN IMMEDIATE``); a plain transaction on PostgreSQL, where the exclusion
    constraint does the work."""
    with Session(engine) as session:
        if engine.dialect.name == "sqlite":
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield session
        except BaseException:
            session.rollback()
            raise


def _is_overlap(error: Exception) -> bool:
    msg = str(getattr(error, "orig", error))
    return "booking_no_overlap" in msg or "23P01" in msg


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = local(day, time(0, 0)).astimezone(UTC)
    return start, start + timedelta(days=1)


def closures(session: Session, facility_id: str, day: date) -> FacilityClosure | None:
    return session.exec(
        select(FacilityClosure).where(
            FacilityClosure.facility_id == facility_id, FacilityClosure.day == day
        )
    ).first()


def closed_reason(session: Session, fac: Facility, day: date) -> str | None:
    reason = fac.closed_reason(day)
    if reason:
        return reason
    staff = closures(session, fac.id, day)
    if staff is not None:
        return staff.reason or "tutup"
    return None


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


def _precheck_overlap(session: Session, facility_id: str, start: datetime, end: datetime) -> bool:
    """The friendly early check; the database constraint is the real guard (the
    concurrency tests switch this off to prove it)."""
    return bool(overlapping(session, facility_id, start, end))


# ---------------------------------------------------------------- rules


def check_rules(
    session: Session,
    fac: Facility,
    start: datetime,
    minutes: int,
    people: int | None,
    now: datetime,
) -> None:
    """Everything but the overlap: closed days, hours, grid, duration, notice, capacity.
    Raises BookingError with a code for the citizen's answer."""
    start_l = start.astimezone(TZ)
    day = start_l.date()
    if start <= now:
        raise BookingError("time_past", date=format_date(day), time=format_time(start_l))
    reason = closed_reason(session, fac, day)
    if reason:
        raise BookingError("closed_day", facility=fac.name, date=format_date(day), reason=reason)
    opening = fac.opening(day)
    assert opening is not None  # closed_reason covers closed weekdays
    end_l = start_l + timedelta(minutes=minutes)
    if start_l.time() < opening[0] or end_l > local(day, opening[1]) or end_l.date() != day:
        raise BookingError(
            "outside_hours",
            facility=fac.name,
            date=format_date(day),
            open=format_time(opening[0]),
            close=format_time(opening[1]),
        )
    offset = (start_l - local(day, opening[0])).total_seconds() / 60
    if offset % fac.slot_minutes:
        raise BookingError(
            "not_on_grid", slot_minutes=fac.slot_minutes, open=format_time(opening[0])
        )
    if minutes < fac.min_duration_minutes or minutes > fac.max_duration_minutes:
        raise BookingError(
            "duration_out_of_range",
            facility=fac.name,
            min_hours=_hours(fac.min_duration_minutes),
            max_hours=_hours(fac.max_duration_minutes),
        )
    if minutes % fac.slot_minutes:
        raise BookingError(
            "duration_out_of_range",
            facility=fac.name,
            min_hours=_hours(fac.min_duration_minutes),
            max_hours=_hours(fac.max_duration_minutes),
        )
    if start < now + fac.min_notice:
        raise BookingError(
            "too_soon", facility=fac.name, hours=_hours(int(fac.min_notice.total_seconds() // 60))
        )
    if day > now.astimezone(TZ).date() + timedelta(days=fac.max_notice_days):
        raise BookingError("too_far", facility=fac.name, days=fac.max_notice_days)
    if people is not None and people > fac.capacity:
        raise BookingError("over_capacity", facility=fac.name, capacity=fac.capacity, people=people)
    if people is not None and people < 1:
        raise BookingError("people_invalid")


def check_day(
    session: Session, fac: Facility, day: date, people: int | None, now: datetime
) -> None:
    """What can be judged from the day alone: past, closed, beyond the horizon, capacity."""
    today = now.astimezone(TZ).date()
    if day < today:
        raise BookingError("date_past", date=format_date(day))
    reason = closed_reason(session, fac, day)
    if reason:
        raise BookingError("closed_day", facility=fac.name, date=format_date(day), reason=reason)
    if day > today + timedelta(days=fac.max_notice_days):
        raise BookingError("too_far", facility=fac.name, days=fac.max_notice_days)
    if people is not None and people > fac.capacity:
        raise BookingError("over_capacity", facility=fac.name, capacity=fac.capacity, people=people)


def _hours(minutes: int) -> str:
    hours = minutes / 60
    return f"{hours:g}".replace(".", ",")


# ---------------------------------------------------------------- availability


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


# ---------------------------------------------------------------- writes


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
    engine: Engine,
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
    """Book ``facility_id`` from ``start`` for ``minutes``. Raises BookingError (rules,
    quota) or SlotTaken (the time is held by someone else, with the next free slots)."""
    fac = facility_or_error(facility_id)
    now = as_utc(now or datetime.now(UTC))
    start = as_utc(start)
    end = start + timedelta(minutes=minutes)
    for _attempt in range(5):
        try:
            with write_session(engine) as session:
                if engine.dialect.name == "postgresql":
                    # Quota per citizen: serialise one citizen's concurrent requests.
                    for who in sorted({owner_id, phone} - {""}):
                        session.connection().execute(
                            text("SELECT pg_advisory_xact_lock(hashtext(:owner))"),
                            {"owner": who},
                        )
                check_rules(session, fac, start, minutes, people, now)
                if count_future(session, owner_id, now, phone) >= max_future:
                    raise BookingError("quota", max_future=max_future)
                if _precheck_overlap(session, fac.id, start, end):
                    raise SlotTaken(
                        next_free_slots(session, fac, start, minutes=minutes, now=now),
                        facility=fac.name,
                    )
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
                session.add(booking)
                session.commit()
                session.refresh(booking)
                log.info("booked %s %s %s", booking.code, fac.id, start.isoformat())
                return booking
        except IntegrityError as error:
            if _is_overlap(error):
                log.info("booking race lost for %s at %s", fac.id, start.isoformat())
                with Session(engine) as session:
                    alternatives = next_free_slots(session, fac, start, minutes=minutes, now=now)
                raise SlotTaken(alternatives, facility=fac.name) from error
            if "code" in str(error.orig):
                continue  # booking code collision: draw another
            raise
        except OperationalError as error:  # SQLite: write lock not obtained in time
            log.warning("booking write lock not obtained: %s", error)
            raise BookingError("busy") from error
    raise BookingError("busy")


def get_by_code(session: Session, code: str) -> Booking | None:
    return session.exec(select(Booking).where(Booking.code == code)).first()


def owned_booking(session: Session, code: str, owner_id: str | None) -> Booking:
    booking = get_by_code(session, code)
    if booking is None:
        raise BookingError("not_found", code=code)
    if owner_id is not None and booking.owner_id != owner_id:
        log.warning("%s tried to change booking %s of %s", owner_id, code, booking.owner_id)
        raise BookingError("not_owner", code=code)
    if booking.status == BookingStatus.CANCELLED:
        raise BookingError("already_cancelled", code=code)
    return booking


def cancel(
    engine: Engine,
    code: str,
    *,
    owner_id: str | None,
    by: str = "citizen",
    reason: str | None = None,
    now: datetime | None = None,
) -> Booking:
    """Cancel by code. ``owner_id`` None means staff (may cancel any booking)."""
    now = as_utc(now or datetime.now(UTC))
    with write_session(engine) as session:
        booking = owned_booking(session, code, owner_id)
        if owner_id is not None and as_utc(booking.end_at) <= now:
            raise BookingError("already_past", code=code)
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_by = by
        booking.cancel_reason = reason
        booking.updated_at = now
        session.add(booking)
        session.commit()
        session.refresh(booking)
        log.info("cancelled %s by %s (%s)", code, by, reason or "-")
        return booking


def reschedule(
    engine: Engine,
    code: str,
    *,
    owner_id: str,
    start: datetime,
    minutes: int | None = None,
    now: datetime | None = None,
    reminder_hours_before: int = 24,
) -> Booking:
    """Move a booking (same code). The database refuses an overlap here too."""
    now = as_utc(now or datetime.now(UTC))
    start = as_utc(start)
    length = minutes or 60
    try:
        with write_session(engine) as session:
            booking = owned_booking(session, code, owner_id)
            fac = facility_or_error(booking.facility_id)
            length = minutes or int(
                (as_utc(booking.end_at) - as_utc(booking.start_at)).total_seconds() // 60
            )
            check_rules(session, fac, start, length, booking.people, now)
            end = start + timedelta(minutes=length)
            if overlapping(session, fac.id, start, end, exclude_id=booking.id):
                raise SlotTaken(
                    next_free_slots(
                        session, fac, start, minutes=length, now=now, exclude_id=booking.id
                    ),
                    facility=fac.name,
                )
            booking.start_at, booking.end_at = start, end
            booking.reminder_due_at = _reminder_due(start, now, reminder_hours_before)
            booking.reminder_sent_at = None
            booking.flagged, booking.flag_reason = False, None
            booking.updated_at = now
            session.add(booking)
            session.commit()
            session.refresh(booking)
            log.info("rescheduled %s to %s", code, start.isoformat())
            return booking
    except IntegrityError as error:
        if not _is_overlap(error):
            raise
        with Session(engine) as session:
            moved = get_by_code(session, code)
            fac = facility_or_error(moved.facility_id if moved else "")
            alternatives = next_free_slots(
                session, fac, start, minutes=length, now=now, exclude_id=moved.id if moved else None
            )
        raise SlotTaken(alternatives, facility=fac.name) from error


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
    engine: Engine, facility_id: str, day: date, *, reason: str, by: str
) -> tuple[FacilityClosure, list[Booking]]:
    """Close a facility on ``day``. Bookings on that day stay (staff decide) but are flagged;
    the caller tells their owners. Returns the closure and the flagged bookings."""
    facility_or_error(facility_id)
    with write_session(engine) as session:
        closure = closures(session, facility_id, day)
        if closure is None:
            closure = FacilityClosure(
                facility_id=facility_id, day=day, reason=reason, created_by=by
            )
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
        session.commit()
        session.refresh(closure)
        for booking in flagged:
            session.refresh(booking)
        log.info(
            "closed %s on %s (%s): %d bookings flagged", facility_id, day, reason, len(flagged)
        )
        return closure, flagged


# ---------------------------------------------------------------- describing


def describe(booking: Booking) -> dict[str, str]:
    """Values for the Indonesian texts that mention a booking."""
    fac = catalogue().get(booking.facility_id)
    start = as_utc(booking.start_at).astimezone(TZ)
    end = as_utc(booking.end_at).astimezone(TZ)
    return {
        "code": booking.code,
        "facility": fac.name if fac else booking.facility_id,
        "location": fac.location if fac else "",
        "date": format_date(start.date()),
        "start": format_time(start),
        "end": format_time(end),
        "people": str(booking.people),
        "name": booking.name,
        "fee": fac.fee.describe() if fac else "",
        "rules": " ".join(fac.house_rules) if fac else "",
    }


def ics_for(booking: Booking) -> bytes:
    """An iCalendar file for the booking (UID, DTSTAMP, a reminder a day before)."""
    info = describe(booking)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Halo Warga//Pemesanan Fasilitas//ID")
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"{booking.code}@halowarga")
    event.add("dtstamp", as_utc(booking.updated_at or booking.created_at))
    event.add("dtstart", as_utc(booking.start_at).astimezone(TZ))
    event.add("dtend", as_utc(booking.end_at).astimezone(TZ))
    event.add("summary", f"{info['facility']} ({booking.code})")
    event.add("location", info["location"])
    event.add(
        "description",
        f"Kode pemesanan {booking.code}. {info['people']} orang, atas nama {booking.name}. "
        f"Biaya: {info['fee']}. {info['rules']}",
    )
    if booking.status == BookingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Besok: {info['facility']} pukul {info['start']}")
    alarm.add("trigger", timedelta(days=-1))
    event.add_component(alarm)
    cal.add_component(event)
    return bytes(cal.to_ical())


# ---------------------------------------------------------------- telling citizens


async def notify(sink: Sink, booking: Booking, key: str, **extra: str) -> bool:
    text_ = t(key, **describe(booking), **extra)
    return await sink.push(booking.owner_id, [OutgoingMessage(text=text_, sender="system")])


async def send_due_reminders(engine: Engine, sink: Sink, now: datetime | None = None) -> int:
    """Send every reminder that is due (once each, also with several app processes).
    Returns how many were delivered."""
    now = as_utc(now or datetime.now(UTC))
    with Session(engine) as session:
        due = session.exec(
            select(Booking).where(
                Booking.status == BookingStatus.CONFIRMED,
                col(Booking.reminder_sent_at).is_(None),
                col(Booking.reminder_due_at) <= now,
                col(Booking.start_at) > now,
            )
        ).all()
    sent = 0
    for booking in due:
        with Session(engine) as session:
            claimed = session.execute(
                update(Booking)
                .where(col(Booking.id) == booking.id, col(Booking.reminder_sent_at).is_(None))
                .values(reminder_sent_at=now)
            )
            session.commit()
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue  # another process sent it
        if await notify(sink, booking, "booking_reminder"):
            sent += 1
        else:
            log.warning("reminder for %s not delivered (kept in transcript)", booking.code)
    return sent


async def reminder_loop(engine: Engine, sink: Sink, interval_s: float) -> None:
    """Background task started in the app's lifespan."""
    while True:
        try:
            count = await send_due_reminders(engine, sink)
            if count:
                log.info("booking reminders sent: %d", count)
        except Exception:
            log.exception("booking reminder round failed")
        await asyncio.sleep(interval_s)
