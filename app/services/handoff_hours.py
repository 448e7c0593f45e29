"""Service hours of the call centre (app/data/handoff.yml) and the handoff texts
(texts/id/handoff.yml).

Officers are on duty on the days and hours the file gives, never on Indonesian public holidays
(``holidays``); ``HALO_HANDOFF_ALWAYS_OPEN`` (a 24-hour call centre) overrides both.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import yaml

from app.models.base import utcnow
from core.texts import lookup, t

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "handoff.yml"


@cache
def _data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def hours_description() -> str:
    return t("handoff.hours")


def default_canned_replies() -> list[dict[str, str]]:
    return list(lookup("handoff.canned_replies"))


def is_open(now: datetime | None = None, *, always_open: bool = False) -> bool:
    """Whether officers are on duty at ``now`` (service hours, public holidays);
    ``always_open``: the setting ``HALO_HANDOFF_ALWAYS_OPEN`` (a 24-hour call centre)."""
    if always_open:
        return True
    hours = _data()["service_hours"]
    local = (now or utcnow()).astimezone(ZoneInfo(hours["timezone"]))
    if local.date() in holidays.country_holidays(hours["holidays_country"], years=local.year):
        return False
    span = hours["days"].get(local.weekday())
    if not span:
        return False
    opens, closes = (time.fromisoformat(s) for s in span)
    return opens <= local.time() < closes


def aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
