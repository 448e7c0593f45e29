"""Working days and the SLA badge, counted by hand on the 2026 calendar (weekends and
Indonesian public holidays skipped: Christmas, Friday 25 December 2026)."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import Complaint, ComplaintStatus
from app.services.sla import SlaState, sla_of, working_days_between


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 12, 4), date(2026, 12, 4), 0),  # same day
        (date(2026, 12, 4), date(2026, 12, 7), 1),  # Friday -> Monday
        (date(2026, 12, 7), date(2026, 12, 4), -1),
        (date(2026, 12, 5), date(2026, 12, 6), 0),  # Saturday -> Sunday
        (date(2026, 12, 1), date(2026, 12, 8), 5),
        (date(2026, 12, 24), date(2026, 12, 28), 1),  # Christmas and a weekend between
        (date(2026, 12, 28), date(2026, 12, 24), -1),
        (date(2026, 12, 21), date(2026, 12, 31), 7),  # 22 23 24 28 29 30 31
    ],
)
def test_working_days_between(start: date, end: date, days: int) -> None:
    assert working_days_between(start, end) == days


def ticket(due: date, status: ComplaintStatus = ComplaintStatus.DIPROSES) -> Complaint:
    return Complaint(
        ticket_code="LPR-2026-000001",
        year=2026,
        seq=1,
        category="sampah",
        dinas_code="DLH",
        description="Sampah menumpuk",
        expected_date=due,
        status=status,
    )


def test_sla_badges() -> None:
    monday = date(2026, 12, 28)
    assert sla_of(ticket(date(2026, 12, 24)), monday).state is SlaState.OVERDUE
    late = sla_of(ticket(date(2026, 12, 24)), monday)
    assert (late.days, late.label) == (1, "Terlambat 1 hari kerja")
    today = sla_of(ticket(monday), monday)
    assert (today.state, today.label) == (SlaState.DUE_TODAY, "Jatuh tempo hari ini")
    ahead = sla_of(ticket(date(2026, 12, 31)), monday)
    assert (ahead.state, ahead.days, ahead.label) == (SlaState.DUE, 3, "Sisa 3 hari kerja")
    # due on a holiday, seen the next working day: one day late, not zero
    assert sla_of(ticket(date(2026, 12, 25)), monday).days == 1
    closed = sla_of(ticket(date(2026, 12, 1), ComplaintStatus.SELESAI), monday)
    assert closed.state is SlaState.CLOSED
