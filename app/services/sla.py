"""Service-level deadlines of complaints in working days.

A complaint's ``expected_date`` is its due date: the category's SLA in working days after
filing (``complaints.add_working_days``; weekends and Indonesian public holidays from the
``holidays`` library are skipped). Here: how many working days are left or overdue today,
and the badge state the workbench shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache

import holidays

from app.models import Complaint, ComplaintStatus
from core.lang.when import TZ
from core.texts import t


class SlaState(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE = "due"
    CLOSED = "closed"


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is
    before ``start``): from Friday to the next Monday is 1, to the same day 0."""
    if end == start:
        return 0
    sign, lo, hi = (1, start, end) if end > start else (-1, end, start)
    count = sum(1 for n in range(1, (hi - lo).days + 1) if is_working_day(lo + timedelta(n)))
    return sign * count


def today_local(now: datetime | None = None) -> date:
    return (now or datetime.now(TZ)).astimezone(TZ).date()


@dataclass(frozen=True)
class Sla:
    state: SlaState
    days: int  # working days left (due), late (overdue), 0 otherwise
    label: str


def sla_of(complaint: Complaint, today: date) -> Sla:
    if ComplaintStatus(complaint.status).is_closed:
        return Sla(SlaState.CLOSED, 0, t("office.sla.closed"))
    left = working_days_between(today, complaint.expected_date)
    if complaint.expected_date < today:
        late = max(1, -left)  # due on a holiday, late since: still one day late
        return Sla(SlaState.OVERDUE, late, t("office.sla.overdue", days=late))
    if complaint.expected_date == today:
        return Sla(SlaState.DUE_TODAY, 0, t("office.sla.due_today"))
    return Sla(SlaState.DUE, left, t("office.sla.due", days=left))
