"""The monthly report of one dinas (printable at ``/office/laporan.html``): what came in
during the month, what was closed and how quickly (in working days, against each
category's SLA), what is still open and overdue at the month's end, and the citizens'
ratings. Figures only; no personal data."""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import mean, median
from typing import Any

from sqlmodel import Session, col, select

from app.models import Complaint, ComplaintHistory, ComplaintStatus
from app.services import complaints as svc
from app.services.sla import working_days_between
from core.lang.when import TZ


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """``YYYY-MM``; ValueError otherwise."""
        year, _, month = text.partition("-")
        m = cls(int(year), int(month))
        if not 1 <= m.month <= 12 or not 2000 <= m.year <= 2100:
            raise ValueError(text)
        return m

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def bounds_utc(self) -> tuple[datetime, datetime]:
        """The month in local time (WIB), as UTC instants: [start, end)."""
        start = datetime.combine(self.first, time(0), tzinfo=TZ)
        end = datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=TZ)
        return start.astimezone(UTC), end.astimezone(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _closing(history: list[ComplaintHistory]) -> tuple[datetime, ComplaintStatus] | None:
    """When and how the ticket was last closed (None: open again, or never closed)."""
    closed: tuple[datetime, ComplaintStatus] | None = None
    for h in history:
        if h.to_status == h.from_status:
            continue
        to = ComplaintStatus(h.to_status)
        closed = (_aware(h.created_at), to) if to.is_closed else None
    return closed


def monthly_report(
    session: Session, *, dinas_code: str, month: Month, today: date | None = None
) -> dict[str, Any]:
    """The month's figures; for the month in progress, open and overdue tickets are
    counted as of ``today`` (the local date) rather than the month's last day."""
    start, end = month.bounds_utc()
    as_of = min(month.last, today or datetime.now(TZ).date())
    table = svc.routing()
    tickets = session.exec(
        select(Complaint).where(Complaint.dinas_code == dinas_code, col(Complaint.created_at) < end)
    ).all()
    ids = [c.id for c in tickets]
    history: dict[int, list[ComplaintHistory]] = {}
    for h in session.exec(
        select(ComplaintHistory)
        .where(col(ComplaintHistory.complaint_id).in_(ids))
        .order_by(col(ComplaintHistory.id))
    ):
        history.setdefault(h.complaint_id, []).append(h)

    received = [c for c in tickets if start <= _aware(c.created_at) < end]
    closed_in_month: list[tuple[Complaint, datetime, ComplaintStatus]] = []
    open_at_end: list[Complaint] = []
    for c in tickets:
        hist = [h for h in history.get(c.id or 0, []) if _aware(h.created_at) < end]
        closing = _closing(hist)
        if closing is None:
            open_at_end.append(c)
        elif closing[0] >= start:
            closed_in_month.append((c, *closing))
    overdue = sorted(
        (c for c in open_at_end if c.expected_date < as_of),
        key=lambda c: c.expected_date,
    )
    solved = [(c, at) for c, at, how in closed_in_month if how is ComplaintStatus.SELESAI]
    on_time = [c for c, at in solved if at.astimezone(TZ).date() <= c.expected_date]
    days = [
        working_days_between(_aware(c.created_at).astimezone(TZ).date(), at.astimezone(TZ).date())
        for c, at in solved
    ]
    rated = {c.id: c.rating for c in received + [c for c, _, _ in closed_in_month] if c.rating}
    ratings = list(rated.values())
    by_category = Counter(c.category for c in received)
    by_kelurahan = Counter(c.kelurahan or "-" for c in received)
    return {
        "dinas_code": dinas_code,
        "dinas_name": table.dinas_name(dinas_code),
        "month": f"{month.year:04d}-{month.month:02d}",
        "month_label": f"{svc.texts()['months'][month.month - 1]} {month.year}",
        "period": {"first": month.first.isoformat(), "last": month.last.isoformat()},
        "as_of": as_of.isoformat(),
        "received": len(received),
        "closed": len(closed_in_month),
        "solved": len(solved),
        "rejected": sum(1 for _, _, how in closed_in_month if how in svc.NEEDS_REASON),
        "merged": sum(1 for c, _, _ in closed_in_month if c.merged_into_id is not None),
        "solved_on_time": len(on_time),
        "on_time_rate": round(len(on_time) / len(solved), 3) if solved else None,
        "median_working_days_to_solve": median(days) if days else None,
        "open_at_month_end": len(open_at_end),
        "overdue_at_month_end": len(overdue),
        "rating_average": round(mean(ratings), 2) if ratings else None,
        "ratings": len(ratings),
        "by_category": [
            {
                "code": code,
                "name": table.categories[code].name if code in table.categories else code,
                "count": n,
            }
            for code, n in by_category.most_common()
        ],
        "by_kelurahan": [{"name": k, "count": n} for k, n in by_kelurahan.most_common()],
        "overdue_tickets": [
            {
                "ticket_code": c.ticket_code,
                "category": c.category,
                "category_name": table.categories[c.category].name
                if c.category in table.categories
                else c.category,
                "kelurahan": c.kelurahan,
                "expected_date": c.expected_date.isoformat(),
                "late_working_days": -working_days_between(as_of, c.expected_date),
                "status": c.status.value,
            }
            for c in overdue
        ],
    }
