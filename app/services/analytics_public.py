"""The public service-quality index: the same figures as the staff summary, city-wide,
as aggregates only. Nothing about one complaint can be read from it:

- no text, name, address, phone, NIK, code or date of any complaint, only counts, rates
  and medians;
- a group (category, kelurahan, channel) with fewer complaints than ``min_public_group``
  (``app/data/analytics.yml``) is pooled into "Lainnya"; a pool that is still that small,
  or a period with fewer complaints than that, shows no figures at all;
- the queue waiting time is withheld below the same number of claimed handoffs, the
  self-service rate below that number of conversations.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from app.services.analytics import (
    GROUP_KEYS,
    Period,
    complaint_facts,
    complaint_summary,
    labels,
)
from app.services.analytics_assistant import booking_figures, conversation_figures, handoff_figures
from app.services.facilities import Catalogue

PUBLIC_FIGURES = (
    "total",
    "resolved",
    "open",
    "sla_compliance",
    "median_first_response_hours",
    "median_resolution_hours",
    "csat",
    "reopened_rate",
)
PUBLIC_GROUP_FIELDS = ("key", "label", "groups", "suppressed", *PUBLIC_FIGURES)


def min_group() -> int:
    return int(labels()["min_public_group"])


def _only(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: row[k] for k in fields if k in row}


def public_index(
    session: Session, period: Period, today: date, facilities: Catalogue
) -> dict[str, Any]:
    k = min_group()
    summary = complaint_summary(complaint_facts(session, period), today, min_group=k)
    complaints: dict[str, Any] = _only(summary, ("suppressed", *PUBLIC_FIGURES))
    for group in GROUP_KEYS:
        complaints[group] = [_only(row, PUBLIC_GROUP_FIELDS) for row in summary[group]]
    talk = conversation_figures(session, period)
    handoffs = handoff_figures(session, period)
    wait = handoffs["median_queue_wait_minutes"] if handoffs["handoffs_claimed"] >= k else None
    assistant = {
        "conversations": talk["conversations"],
        "self_service_rate": talk["self_service_rate"] if talk["conversations"] >= k else None,
        "handoffs": handoffs["handoffs"],
        "median_queue_wait_minutes": wait,
        "bookings": [
            _only(row, ("key", "label", "booking_confirmed", "booking_hours", "utilisation"))
            for row in booking_figures(session, period, facilities)
        ],
    }
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "min_group": k,
        "complaints": complaints,
        "assistant": assistant,
    }
