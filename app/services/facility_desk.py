"""The facility desk: what staff at a facility need beyond the booking service itself.

- :func:`calendar`: a day or a week (Monday to Sunday) of one facility: opening hours,
  why it is closed (data file or staff closure), and its bookings;
- :func:`staff_closures` and :func:`remove_closure` (closing is
  :func:`app.services.bookings.add_closure`): removing a closure clears the flag it put on
  that day's bookings, and the caller tells their owners;
- :func:`check_in`: a citizen shows their booking code; the booking is marked attended
  (``checked_in_at``, ``checked_in_by``), once, on its day, from
  ``check_in_before_minutes`` before the start until its end.

Like the booking service, each function works in the caller's Session and with the app's
facility catalogue (``AppContext.facilities``); the writes never commit, the caller does.

Errors are :class:`DeskError` with a key of ``facility_desk.errors`` of the catalogue
(``texts/id/facility_desk.yml``); the check-in window is in ``app/data/facility_desk.yml``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from app.db import hold_write_lock
from app.errors import HaloWargaError
from app.models import Booking, BookingStatus, FacilityClosure
from app.services import bookings as booking_service
from app.services.facilities import Catalogue, Facility
from core.lang.when import TZ, format_date, format_time
from core.texts import section, t

log = logging.getLogger(__name__)

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "facility_desk.yml"


@cache
def settings() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def texts() -> dict[str, Any]:
    """The desk page's words (``facility_desk`` of the catalogue), sent to the page."""
    return section("facility_desk")


class DeskError(HaloWargaError):
    """A desk action refused: 404 for what does not exist, else 409; the API answers
    ``{"code": key, "message": the officer's text}`` (app/api/errors.py)."""

    MISSING = frozenset({"not_found", "closure_not_found", "unknown_facility"})

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.status = 404 if key in self.MISSING else 409

    @property
    def message(self) -> str:
        return t(f"facility_desk.errors.{self.key}", **self.params)

    def public_detail(self) -> object | None:
        return {"code": self.key, "message": self.message}


def week_of(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


def booking_row(b: Booking) -> dict[str, Any]:
    start = booking_service.as_utc(b.start_at).astimezone(TZ)
    end = booking_service.as_utc(b.end_at).astimezone(TZ)
    checked = booking_service.as_utc(b.checked_in_at).astimezone(TZ) if b.checked_in_at else None
    return {
        "code": b.code,
        "facility_id": b.facility_id,
        "start": format_time(start),
        "end": format_time(end),
        "start_at": start.isoformat(),
        "end_at": end.isoformat(),
        "people": b.people,
        "name": b.name,
        "status": str(b.status),
        "flagged": b.flagged,
        "flag_reason": b.flag_reason,
        "checked_in": format_time(checked) if checked else None,
        "checked_in_by": b.checked_in_by,
    }


def calendar(
    session: Session, facilities: Catalogue, facility_id: str, day: date, view: str = "day"
) -> dict[str, Any]:
    fac = _facility(facilities, facility_id)
    days = week_of(day) if view == "week" else [day]
    out = []
    for d in days:
        hours = fac.opening(d)
        staff = booking_service.closures(session, facility_id, d)
        out.append(
            {
                "date": d.isoformat(),
                "label": format_date(d),
                "open": f"{hours[0]:%H.%M}" if hours else None,
                "close": f"{hours[1]:%H.%M}" if hours else None,
                "closed_reason": booking_service.closed_reason(session, fac, d),
                "staff_closure": staff is not None,
                "bookings": [
                    booking_row(b) for b in booking_service.bookings_on(session, fac.id, d)
                ],
            }
        )
    return {"facility_id": fac.id, "facility": fac.name, "view": view, "days": out}


def _facility(facilities: Catalogue, facility_id: str) -> Facility:
    fac = facilities.get(facility_id)
    if fac is None:
        raise DeskError("unknown_facility")
    return fac


def staff_closures(
    session: Session, facilities: Catalogue, facility_id: str, since: date
) -> Sequence[FacilityClosure]:
    _facility(facilities, facility_id)
    return session.exec(
        select(FacilityClosure)
        .where(FacilityClosure.facility_id == facility_id, col(FacilityClosure.day) >= since)
        .order_by(col(FacilityClosure.day))
    ).all()


def remove_closure(
    session: Session,
    facilities: Catalogue,
    facility_id: str,
    day: date,
    *,
    by: str,
    announce: Callable[[Session, Booking], None] | None = None,
) -> list[Booking]:
    """Reopen ``day`` in the caller's transaction (the caller commits): the staff closure
    goes; bookings it flagged are no longer flagged. Returns those bookings (their owners
    should hear it: ``announce`` stages it in the same transaction, per booking)."""
    _facility(facilities, facility_id)
    marker = f"{format_date(day)} ditutup"  # how add_closure words its flag
    hold_write_lock(session)
    closure = booking_service.closures(session, facility_id, day)
    if closure is None:
        raise DeskError("closure_not_found")
    session.delete(closure)
    unflagged = []
    for b in booking_service.bookings_on(session, facility_id, day):
        if (
            b.flagged
            and b.status != BookingStatus.CANCELLED
            and (b.flag_reason or "").startswith(marker)
        ):
            b.flagged = False
            b.flag_reason = None
            b.updated_at = datetime.now(UTC)
            session.add(b)
            unflagged.append(b)
            if announce is not None:
                announce(session, b)
    session.flush()
    log.info("%s reopened %s on %s: %d bookings unflagged", by, facility_id, day, len(unflagged))
    return unflagged


def check_in(session: Session, code: str, *, by: str, now: datetime | None = None) -> Booking:
    """Mark the booking with ``code`` attended, in the caller's transaction (the caller
    commits)."""
    now = (now or datetime.now(UTC)).astimezone(TZ)
    normalised = booking_service.normalise_code(code)
    hold_write_lock(session)
    booking = booking_service.find_by_code(session, normalised) if normalised else None
    if booking is None:
        raise DeskError("not_found")
    if booking.status == BookingStatus.CANCELLED:
        raise DeskError("booking_cancelled")
    if booking.checked_in_at is not None:
        at = booking_service.as_utc(booking.checked_in_at).astimezone(TZ)
        raise DeskError("already_checked_in", time=format_time(at))
    start = booking_service.as_utc(booking.start_at).astimezone(TZ)
    end = booking_service.as_utc(booking.end_at).astimezone(TZ)
    opens = start - timedelta(minutes=int(settings()["check_in_before_minutes"]))
    if start.date() != now.date():
        raise DeskError("not_today", date=format_date(start.date()))
    if now < opens:
        raise DeskError("too_early", time=format_time(opens))
    if now >= end:
        raise DeskError("ended", time=format_time(end))
    booking.checked_in_at = now.astimezone(UTC)
    booking.checked_in_by = by
    booking.updated_at = now.astimezone(UTC)
    session.add(booking)
    session.flush()
    log.info("booking %s checked in by %s", booking.code, by)
    return booking
