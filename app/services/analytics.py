"""Service-quality figures of complaints for a date range: SLA compliance, first response
and resolution times, citizens' satisfaction, reopenings, and the same per category,
kelurahan and channel.

Definitions (the README's "Analytics" section repeats them for staff):

- the set: complaints filed (``created_at``) from ``start`` 00:00 to ``end`` 24:00, Jakarta
  time, duplicates merged into another ticket left out; a dinas officer's set holds their
  dinas's complaints only;
- first response: the first status change out of ``diterima`` (verified, rejected, ...);
- resolution: the first change to ``selesai``; a reopening is ``selesai -> diproses``;
- ``sla_compliance``: resolved on or before the due date (``expected_date``, working
  days), over the complaints whose outcome is known: resolved, or still open after the due
  date (rejected ones and open ones not yet due are left out);
- ``csat``: the share of ratings 4 or 5 among rated complaints (``rating_avg``: the mean);
- ``reopened_rate``: reopened at least once, over the complaints ever resolved.

The history is aggregated in SQL (one row per complaint: first response, first
resolution, number of reopenings; the same query on SQLite and PostgreSQL); medians and the
groups are computed from those rows here.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session, col

from app.models import Complaint, ComplaintHistory, ComplaintStatus
from app.services import complaints as complaint_service
from core.lang.when import TZ, local
from core.texts import section

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "analytics.yml"
RESOLVED = ComplaintStatus.SELESAI.value
REJECTED = (ComplaintStatus.DITOLAK, ComplaintStatus.BUKAN_WEWENANG)
GROUP_KEYS = ("by_category", "by_kelurahan", "by_channel")
OTHER_KEY = "_lainnya"


@cache
def labels() -> dict[str, Any]:
    """The Indonesian labels (``analytics`` of the catalogue, ``texts/id/analytics.yml``) and
    the thresholds (``app/data/analytics.yml``), as one table."""
    with DATA_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return {**section("analytics"), **data}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """Whole days, both included, in the city's time zone."""

    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        lo = local(self.start, time(0, 0)).astimezone(UTC)
        hi = local(self.end + timedelta(days=1), time(0, 0)).astimezone(UTC)
        return lo, hi

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def parse(cls, start: date | None, end: date | None, today: date) -> Period:
        cfg = labels()
        end = end or today
        start = start or end - timedelta(days=int(cfg["default_range_days"]) - 1)
        if start > end:
            raise PeriodError("start_after_end")
        if (end - start).days + 1 > int(cfg["max_range_days"]):
            raise PeriodError("range_too_long")
        return cls(start, end)


def as_utc(value: datetime) -> datetime:
    """SQLite gives naive datetimes back (stored in UTC); PostgreSQL aware ones."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def today_local(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(TZ).date()


@dataclass(frozen=True)
class ComplaintFacts:
    """One complaint as the figures see it."""

    category: str
    kelurahan: str | None
    channel: str
    status: ComplaintStatus
    rating: int | None
    expected_date: date
    first_response_hours: float | None  # filing -> first status change out of diterima
    resolution_hours: float | None  # filing -> first selesai; None: never resolved
    on_time: bool  # resolved on or before the due date (Jakarta date)
    reopened: bool


def channel_of(source: str, conversation_id: str | None) -> str:
    """``telegram`` / ``whatsapp`` / ``web`` / ``kiosk`` for chat (from the conversation id,
    "<channel>:<user>"), ``chat`` when that is no longer known (erased), else the source."""
    if source != "chat":
        return source
    if conversation_id and ":" in conversation_id:
        return conversation_id.partition(":")[0]
    return "chat"


def complaint_facts(
    session: Session, period: Period, dinas_code: str | None = None
) -> list[ComplaintFacts]:
    lo, hi = period.bounds()
    h = ComplaintHistory
    first_response = func.min(
        case(
            (
                and_(
                    col(h.from_status) == ComplaintStatus.DITERIMA.value,
                    col(h.to_status) != ComplaintStatus.DITERIMA.value,
                ),
                col(h.created_at),
            )
        )
    )
    not_from_resolved = or_(col(h.from_status).is_(None), col(h.from_status) != RESOLVED)
    resolved = func.min(
        case((and_(col(h.to_status) == RESOLVED, not_from_resolved), col(h.created_at)))
    )
    reopenings = func.sum(
        case((and_(col(h.from_status) == RESOLVED, col(h.to_status) != RESOLVED), 1), else_=0)
    )
    c = Complaint
    stmt = (
        select(
            col(c.id),
            col(c.category),
            col(c.kelurahan),
            col(c.source),
            col(c.reporter_conversation_id),
            col(c.status),
            col(c.rating),
            col(c.expected_date),
            col(c.created_at),
            first_response.label("first_response_at"),
            resolved.label("resolved_at"),
            reopenings.label("reopenings"),
        )
        .select_from(c)
        .outerjoin(h, col(h.complaint_id) == col(c.id))
        .where(col(c.created_at) >= lo, col(c.created_at) < hi)
        .where(col(c.merged_into_id).is_(None))  # a merged duplicate is not a case of its own
        .group_by(col(c.id))
        .order_by(col(c.id))
    )
    if dinas_code:
        stmt = stmt.where(col(c.dinas_code) == dinas_code)
    facts = []
    for row in session.execute(stmt).all():
        created = as_utc(row.created_at)
        first = _maybe_utc(row.first_response_at)
        done = _maybe_utc(row.resolved_at)
        facts.append(
            ComplaintFacts(
                category=row.category,
                kelurahan=row.kelurahan,
                channel=channel_of(row.source, row.reporter_conversation_id),
                status=ComplaintStatus(row.status),
                rating=row.rating,
                expected_date=row.expected_date,
                first_response_hours=_hours(created, first) if first else None,
                resolution_hours=_hours(created, done) if done else None,
                on_time=bool(done and done.astimezone(TZ).date() <= row.expected_date),
                reopened=bool(row.reopenings),
            )
        )
    return facts


def _maybe_utc(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite's MIN() over a CASE may lose the column type
        value = datetime.fromisoformat(value)
    return as_utc(value)


def _hours(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 3600


def _median(values: list[float], digits: int = 2) -> float | None:
    return round(statistics.median(values), digits) if values else None


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(facts: list[ComplaintFacts], today: date) -> dict[str, Any]:
    """The figures of one set of complaints (the whole period, or one group)."""
    resolved = [f for f in facts if f.resolution_hours is not None]
    open_ = [f for f in facts if not f.status.is_closed]
    overdue = [f for f in open_ if f.resolution_hours is None and f.expected_date < today]
    on_time = [f for f in resolved if f.on_time]
    sla_known = len(resolved) + len(overdue)
    ratings = [f.rating for f in facts if f.rating is not None]
    first = [f.first_response_hours for f in facts if f.first_response_hours is not None]
    solve = [f.resolution_hours for f in resolved if f.resolution_hours is not None]
    return {
        "total": len(facts),
        "resolved": len(resolved),
        "open": len(open_),
        "overdue_open": len(overdue),
        "rejected": sum(1 for f in facts if f.status in REJECTED),
        "sla_known": sla_known,
        "sla_met": len(on_time),
        "sla_compliance": _rate(len(on_time), sla_known),
        "median_first_response_hours": _median(first),
        "median_resolution_hours": _median(solve),
        "rated": len(ratings),
        "csat": _rate(sum(1 for r in ratings if r >= 4), len(ratings)),
        "rating_avg": round(sum(ratings) / len(ratings), 2) if ratings else None,
        "reopened": sum(1 for f in resolved if f.reopened),
        "reopened_rate": _rate(sum(1 for f in resolved if f.reopened), len(resolved)),
    }


def _grouped(
    facts: list[ComplaintFacts],
    key: Callable[[ComplaintFacts], str | None],
    label: Callable[[str | None], str],
    today: date,
    min_group: int = 0,
) -> list[dict[str, Any]]:
    """Figures per group, largest first. With ``min_group`` (the public index) groups
    smaller than that are pooled into one "Lainnya" row, whose figures are withheld too
    when the pool itself is that small."""
    buckets: dict[str | None, list[ComplaintFacts]] = {}
    for f in facts:
        buckets.setdefault(key(f), []).append(f)
    small = [k for k, items in buckets.items() if len(items) < min_group]
    pool = [f for k in small for f in buckets.pop(k)]
    rows = [{"key": k, "label": label(k), **figures(items, today)} for k, items in buckets.items()]
    rows.sort(key=lambda r: (-r["total"], r["label"]))
    if pool:
        other = {"key": OTHER_KEY, "label": str(labels()["other_groups"]), "groups": len(small)}
        if len(pool) >= min_group:
            rows.append({**other, **figures(pool, today)})
        else:
            rows.append({**other, "suppressed": True})
    return rows


def category_label(code: str | None) -> str:
    cat = complaint_service.routing().categories.get(code or "")
    return cat.name if cat else str(code)


def kelurahan_label(name: str | None) -> str:
    return name or str(labels()["unknown_kelurahan"])


def channel_label(code: str | None) -> str:
    return str(labels()["channels"].get(code, code))


def complaint_summary(
    facts: list[ComplaintFacts], today: date, min_group: int = 0
) -> dict[str, Any]:
    if len(facts) < min_group:
        return {"suppressed": True, **{k: [] for k in GROUP_KEYS}}
    return {
        **figures(facts, today),
        "by_category": _grouped(facts, lambda f: f.category, category_label, today, min_group),
        "by_kelurahan": _grouped(facts, lambda f: f.kelurahan, kelurahan_label, today, min_group),
        "by_channel": _grouped(facts, lambda f: f.channel, channel_label, today, min_group),
    }
