"""The assistant's own figures for a date range: conversations, the share served without
an officer, handoffs and the waiting time in the officer queue, and facility use.

Definitions:

- a conversation counts when the citizen wrote in the period (at least one incoming
  message); ``by_channel`` splits them by channel;
- ``self_service_rate``: those conversations without a handoff request in the period;
- ``handoffs``: requests made in the period; ``handoffs_claimed`` those an officer took;
  ``handoffs_abandoned`` closed without an officer; waiting time: request to claim, in
  minutes, over claimed requests made within service hours (after-hours ones wait for the
  next morning by design); p90 by nearest rank;
- bookings: per facility, bookings starting in the period: confirmed and cancelled counts,
  hours booked (confirmed), checked in, and the use of the opening hours (hours booked over
  the hours the facility was open in the period, closed days left out).
"""

from __future__ import annotations

import math
import statistics
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

import holidays
from sqlalchemy import case, distinct, exists, func
from sqlmodel import Session, col, select

from app.models import (
    Booking,
    BookingStatus,
    Conversation,
    FacilityClosure,
    HandoffRequest,
    MessageLog,
)
from app.services.analytics import Period, as_utc
from app.services.facilities import Catalogue, Facility


def _minutes(a: datetime, b: datetime) -> float:
    return (as_utc(b) - as_utc(a)).total_seconds() / 60


def nearest_rank(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def conversation_figures(session: Session, period: Period) -> dict[str, Any]:
    lo, hi = period.bounds()
    m = MessageLog
    active = (
        select(m.conversation_id)
        .where(m.sender == "citizen", col(m.created_at) >= lo, col(m.created_at) < hi)
        .distinct()
        .subquery()
    )
    total = session.exec(select(func.count()).select_from(active)).one()
    handed = exists().where(
        col(HandoffRequest.conversation_id) == active.c.conversation_id,
        col(HandoffRequest.requested_at) >= lo,
        col(HandoffRequest.requested_at) < hi,
    )
    self_served = session.exec(select(func.count()).select_from(active).where(~handed)).one()
    per_channel = session.exec(
        select(Conversation.channel, func.count(distinct(col(Conversation.id))))
        .join(active, active.c.conversation_id == Conversation.id)
        .group_by(Conversation.channel)
        .order_by(Conversation.channel)
    ).all()
    return {
        "conversations": int(total),
        "self_served": int(self_served),
        "self_service_rate": round(self_served / total, 4) if total else None,
        "by_channel": [{"key": ch, "conversations": int(n)} for ch, n in per_channel],
    }


def handoff_figures(session: Session, period: Period) -> dict[str, Any]:
    lo, hi = period.bounds()
    h = HandoffRequest
    rows = session.exec(
        select(h.requested_at, h.claimed_at, h.closed_at, h.after_hours).where(
            col(h.requested_at) >= lo, col(h.requested_at) < hi
        )
    ).all()
    waits = [
        _minutes(requested, claimed)
        for requested, claimed, _closed, after_hours in rows
        if claimed is not None and not after_hours
    ]
    return {
        "handoffs": len(rows),
        "handoffs_claimed": sum(1 for r in rows if r[1] is not None),
        "handoffs_abandoned": sum(1 for r in rows if r[1] is None and r[2] is not None),
        "handoffs_after_hours": sum(1 for r in rows if r[3]),
        "median_queue_wait_minutes": round(statistics.median(waits), 2) if waits else None,
        "p90_queue_wait_minutes": _round(nearest_rank(waits, 0.9)),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def open_hours(session: Session, fac: Facility, period: Period) -> float:
    """Hours the facility was open in the period (data file hours; its closed dates,
    public holidays where it closes on them, and staff closures left out)."""
    staff_closed = set(
        session.exec(
            select(col(FacilityClosure.day)).where(
                FacilityClosure.facility_id == fac.id,
                col(FacilityClosure.day) >= period.start,
                col(FacilityClosure.day) <= period.end,
            )
        ).all()
    )
    total = 0.0
    day = period.start
    while day <= period.end:
        hours = fac.opening(day)
        closed = (
            day in fac.closed_dates
            or day in staff_closed
            or (fac.closed_on_public_holidays and day in _holidays(day.year))
        )
        if hours is not None and not closed:
            opens, closes = hours
            total += (_at(day, closes) - _at(day, opens)).total_seconds() / 3600
        day += timedelta(days=1)
    return total


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year).keys())


def _at(day: date, at: time) -> datetime:
    return datetime.combine(day, at)


def booking_figures(
    session: Session, period: Period, facilities: Catalogue
) -> list[dict[str, Any]]:
    lo, hi = period.bounds()
    b = Booking
    confirmed = col(b.status) != BookingStatus.CANCELLED
    counts = session.exec(
        select(
            b.facility_id,
            func.sum(case((confirmed, 1), else_=0)),
            func.sum(case((confirmed, 0), else_=1)),
            func.sum(case((col(b.checked_in_at).is_not(None), 1), else_=0)),
        )
        .where(col(b.start_at) >= lo, col(b.start_at) < hi)
        .group_by(b.facility_id)
    ).all()
    by_id = {
        fid: (int(n_ok or 0), int(n_cancel or 0), int(n_in or 0))
        for fid, n_ok, n_cancel, n_in in counts
    }
    spans = session.exec(
        select(b.facility_id, b.start_at, b.end_at).where(
            confirmed, col(b.start_at) >= lo, col(b.start_at) < hi
        )
    ).all()
    booked: dict[str, float] = {}
    for fid, start, end in spans:
        booked[fid] = booked.get(fid, 0.0) + _minutes(start, end) / 60
    rows = []
    for fac in facilities.facilities:
        n_ok, n_cancel, n_in = by_id.get(fac.id, (0, 0, 0))
        hours = round(booked.get(fac.id, 0.0), 2)
        available = open_hours(session, fac, period)
        rows.append(
            {
                "key": fac.id,
                "label": fac.name,
                "booking_confirmed": n_ok,
                "booking_cancelled": n_cancel,
                "booking_checked_in": n_in,
                "booking_hours": hours,
                "open_hours": round(available, 2),
                "utilisation": round(hours / available, 4) if available else None,
            }
        )
    return rows


def assistant_summary(session: Session, period: Period, facilities: Catalogue) -> dict[str, Any]:
    """The assistant's figures; the bookings per facility of ``facilities`` (the app's)."""
    return {
        **conversation_figures(session, period),
        **handoff_figures(session, period),
        "bookings": booking_figures(session, period, facilities),
    }
