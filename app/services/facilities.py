"""Bookable public facilities, read from ``app/data/facilities.yml`` (data, not code)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import holidays
import yaml

from core.lang.text import normalise
from core.lang.when import WEEKDAYS
from core.texts import t

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "facilities.yml"


@dataclass(frozen=True)
class Fee:
    type: str  # "gratis" | "retribusi"
    amount: int = 0
    per: str = "jam"
    basis: str = ""

    def describe(self) -> str:
        if self.type == "gratis":
            return "gratis"
        rupiah = f"{self.amount:,}".replace(",", ".")
        return f"retribusi Rp{rupiah} per {self.per}"


@dataclass(frozen=True)
class Facility:
    id: str
    name: str
    type: str
    location: str
    capacity: int
    hours: dict[int, tuple[time, time]]  # weekday (0 = Senin) -> (open, close)
    slot_minutes: int
    min_duration_minutes: int
    max_duration_minutes: int
    min_notice: timedelta
    max_notice_days: int
    fee: Fee
    aliases: tuple[str, ...] = ()
    closed_on_public_holidays: bool = False
    closed_dates: frozenset[date] = frozenset()
    house_rules: tuple[str, ...] = ()
    amenities: tuple[str, ...] = ()  # what the place has, as said to citizens ("AC", "toilet")

    def opening(self, day: date) -> tuple[time, time] | None:
        return self.hours.get(day.weekday())

    def closed_reason(self, day: date) -> str | None:
        """Why the facility is closed on ``day`` according to the data file, or None."""
        if day in self.closed_dates:
            return t("app.facility_closed_date")
        if self.closed_on_public_holidays:
            name = holidays.country_holidays("ID", years=day.year, language="id").get(day)
            if name:
                return f"hari libur nasional ({name})"
        if self.opening(day) is None:
            return f"tutup setiap hari {WEEKDAYS[day.weekday()].capitalize()}"
        return None

    def hours_text(self) -> str:
        parts = []
        for wd, name in enumerate(WEEKDAYS):
            hours = self.hours.get(wd)
            if hours:
                parts.append(f"{name.capitalize()} {hours[0]:%H.%M}-{hours[1]:%H.%M}")
        return ", ".join(parts)


@dataclass
class Catalogue:
    city: str
    facilities: list[Facility]
    type_labels: dict[str, str] = field(default_factory=dict)
    type_keywords: dict[str, list[str]] = field(default_factory=dict)
    # a thing a place may have (as the `amenities` name it) -> the words citizens ask it by
    amenity_words: dict[str, list[str]] = field(default_factory=dict)

    def get(self, facility_id: str) -> Facility | None:
        return next((f for f in self.facilities if f.id == facility_id), None)

    def of_type(self, type_: str) -> list[Facility]:
        return [f for f in self.facilities if f.type == type_]

    def match(self, text: str) -> list[Facility]:
        """Facilities named in ``text``: one when a facility is named precisely
        ("lapangan tenis b", "ruang melati"), all of a kind when only the kind is
        ("lapangan tenis"), none when nothing bookable is named."""
        exact = self.get(text.strip())
        if exact is not None:
            return [exact]
        found = self._named(text)
        if not found:  # "lpangan fustal": the words folded (core/lang/data/fold_id.txt)
            folded = normalise(text)
            found = self._named(folded) if folded != text.lower() else []
        return found

    def _named(self, text: str) -> list[Facility]:
        s = _norm(text)
        best: tuple[int, Facility] | None = None
        for fac in self.facilities:
            for alias in (fac.name, *fac.aliases):
                a = _norm(alias)
                if a in s and (best is None or len(a) > best[0]):
                    best = (len(a), fac)
        if best is not None:
            return [best[1]]
        kinds = self.match_type(text)
        return [f for f in self.facilities if f.type in kinds]

    def match_type(self, text: str) -> list[str]:
        s = _norm(text)
        found = []
        for type_, words in self.type_keywords.items():
            if any(_norm(w) in s for w in words):
                found.append(type_)
        return found


def _norm(text: str) -> str:
    """ " lapangan tenis b " : lower case, words only, padded for whole-word matching."""
    return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split()) + " "


def _hhmm(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


def _facility(raw: dict[str, Any]) -> Facility:
    hours = {}
    for wd, name in enumerate(WEEKDAYS):
        span = (raw.get("opening_hours") or {}).get(name)
        if span:
            hours[wd] = (_hhmm(span[0]), _hhmm(span[1]))
    fee = raw.get("fee") or {"type": "gratis"}
    return Facility(
        id=raw["id"],
        name=raw["name"],
        type=raw["type"],
        location=raw["location"],
        capacity=int(raw["capacity"]),
        hours=hours,
        slot_minutes=int(raw.get("slot_minutes", 60)),
        min_duration_minutes=int(raw.get("min_duration_minutes", 60)),
        max_duration_minutes=int(raw.get("max_duration_minutes", 120)),
        min_notice=timedelta(hours=float(raw.get("min_notice_hours", 0))),
        max_notice_days=int(raw.get("max_notice_days", 30)),
        fee=Fee(
            type=fee["type"],
            amount=int(fee.get("amount", 0)),
            per=fee.get("per", "jam"),
            basis=fee.get("basis", ""),
        ),
        aliases=tuple(a.lower() for a in raw.get("aliases") or ()),
        closed_on_public_holidays=bool(raw.get("closed_on_public_holidays", False)),
        closed_dates=frozenset(date.fromisoformat(str(d)) for d in raw.get("closed_dates") or ()),
        house_rules=tuple(raw.get("house_rules") or ()),
        amenities=tuple(str(a) for a in raw.get("amenities") or ()),
    )


@cache
def load_catalogue(path: Path = DEFAULT_FILE) -> Catalogue:
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    types = raw.get("types") or {}
    return Catalogue(
        city=raw.get("city", ""),
        facilities=[_facility(item) for item in raw["facilities"]],
        type_labels={k: v["label"] for k, v in types.items()},
        type_keywords={k: [w.lower() for w in v["keywords"]] for k, v in types.items()},
        amenity_words={
            str(k): [str(w).lower() for w in v] for k, v in (raw.get("amenity_words") or {}).items()
        },
    )
