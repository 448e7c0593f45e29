"""The facility's rules: the catalogue (an app's own, passed in), closed days (its own and
the staff's), opening hours, the slot grid, duration, notice, horizon and capacity. Each
refusal is a :class:`BookingError` whose code names the citizen's answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlmodel import Session, select

from app.models import FacilityClosure
from app.services.bookings.errors import BookingError
from app.services.facilities import Catalogue, Facility, load_catalogue
from core.lang.when import TZ, format_date, format_time, local


def as_utc(value: datetime) -> datetime:
    """SQLite returns naive datetimes (stored as UTC); PostgreSQL aware ones."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = local(day, time(0, 0)).astimezone(UTC)
    return start, start + timedelta(days=1)


def catalogue(path: Path) -> Catalogue:
    """The facilities of ``path`` (an app's ``settings.booking_facilities_file``; its
    context's :attr:`app.context.AppContext.facilities`). Read once per file."""
    return load_catalogue(path)


def facility_or_error(facilities: Catalogue, facility_id: str) -> Facility:
    fac = facilities.get(facility_id)
    if fac is None:
        raise BookingError("facility_unknown", facility=facility_id)
    return fac


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
