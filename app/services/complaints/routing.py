"""Routing data: category -> dinas -> SLA in working days, and the sample city's area.

Both are data (``app/data/complaint_categories.yml``, ``app/data/sample_city.yml``); the
SLA counts working days (weekends and Indonesian public holidays skipped).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import holidays
import yaml

from app.services.complaints.errors import InvalidComplaintInput

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    group: str
    dinas: str
    sla_days: int
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class RoutingTable:
    dinas: dict[str, str]
    categories: dict[str, Category]

    def category(self, code: str) -> Category:
        try:
            return self.categories[code]
        except KeyError:
            raise InvalidComplaintInput("category", "category_unknown", code) from None

    def dinas_name(self, code: str) -> str:
        return self.dinas.get(code, code)


@cache
def routing(path: Path | None = None) -> RoutingTable:
    raw = yaml.safe_load((path or DATA_DIR / "complaint_categories.yml").read_text("utf-8"))
    dinas = {str(k): str(v) for k, v in raw["dinas"].items()}
    cats: dict[str, Category] = {}
    for code, c in raw["categories"].items():
        if c["dinas"] not in dinas:
            raise ValueError(f"category {code}: unknown dinas {c['dinas']}")
        cats[code] = Category(
            code=code,
            name=c["name"],
            group=c.get("group", ""),
            dinas=c["dinas"],
            sla_days=int(c["sla_days"]),
            keywords=tuple(str(k).lower() for k in c.get("keywords", [])),
        )
    return RoutingTable(dinas=dinas, categories=cats)


@dataclass(frozen=True)
class Kelurahan:
    name: str
    kecamatan: str
    lat: float
    lon: float


@dataclass(frozen=True)
class City:
    name: str
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float
    kelurahan: tuple[Kelurahan, ...]
    other_places: tuple[str, ...]

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon

    @property
    def kecamatan(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k.kecamatan for k in self.kelurahan))


@cache
def city(path: Path | None = None) -> City:
    raw = yaml.safe_load((path or DATA_DIR / "sample_city.yml").read_text("utf-8"))
    kel = tuple(
        Kelurahan(name=name, kecamatan=kec, lat=float(pt[0]), lon=float(pt[1]))
        for kec, members in raw["kecamatan"].items()
        for name, pt in members.items()
    )
    b = raw["bounds"]
    return City(
        name=raw["name"],
        min_lat=float(b["min_lat"]),
        max_lat=float(b["max_lat"]),
        min_lon=float(b["min_lon"]),
        max_lon=float(b["max_lon"]),
        kelurahan=kel,
        other_places=tuple(str(p).lower() for p in raw.get("other_places", [])),
    )


# ------------------------------------------------------------------ working days


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year).keys())


def add_working_days(start: date, days: int) -> date:
    """``days`` working days after ``start``: weekends and Indonesian public holidays
    (the ``holidays`` library) are skipped."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in _holidays(current.year):
            left -= 1
    return current


def warm_up() -> None:
    """Load the holiday calendars once (the first use of ``holidays`` takes seconds)."""
    today = datetime.now(UTC).date()
    for year in (today.year, today.year + 1):
        _holidays(year)
