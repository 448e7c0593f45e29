"""What a booking citizen plausibly asks for: a day the facility is open, inside its notice
window, an hour inside its opening hours, a length it allows, a group it can hold.

The citizen computes the day from today's date and then says it in its own words ("besok",
"kamis depan", "tanggal 9", "9 Desember"); the bench checks the booked day against the day
the citizen meant.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import yaml

ROOT = Path(__file__).resolve().parents[2]
TZ = ZoneInfo("Asia/Jakarta")
WEEKDAYS = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"]
MONTHS = [
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
]


@dataclass(frozen=True)
class Facility:
    id: str
    name: str
    type: str
    capacity: int
    hours: dict[str, tuple[int, int]]  # weekday -> (open hour, close hour)
    min_hours: int
    max_hours: int
    notice_hours: int
    max_days: int
    closed_on_holidays: bool
    closed_dates: frozenset[str]


def load_facilities(path: Path = ROOT / "app" / "data" / "facilities.yml") -> dict[str, Facility]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, Facility] = {}
    for f in data["facilities"]:
        hours = {
            day: (int(span[0][:2]), int(span[1][:2]))
            for day, span in (f.get("opening_hours") or {}).items()
            if span
        }
        out[f["id"]] = Facility(
            id=f["id"],
            name=f["name"],
            type=f["type"],
            capacity=int(f["capacity"]),
            hours=hours,
            min_hours=int(f["min_duration_minutes"]) // 60,
            max_hours=int(f["max_duration_minutes"]) // 60,
            notice_hours=int(f["min_notice_hours"]),
            max_days=int(f["max_notice_days"]),
            closed_on_holidays=bool(f.get("closed_on_public_holidays")),
            closed_dates=frozenset(str(d) for d in f.get("closed_dates") or []),
        )
    return out


def is_open(fac: Facility, day: date, hour: int, length: int, now: datetime) -> bool:
    span = fac.hours.get(WEEKDAYS[day.weekday()])
    if span is None or day.isoformat() in fac.closed_dates:
        return False
    if fac.closed_on_holidays and day in holidays.country_holidays("ID", years=day.year):
        return False
    if not (span[0] <= hour and hour + length <= span[1]):
        return False
    start = datetime.combine(day, time(hour), tzinfo=TZ)
    # a margin of two hours over the notice, so that a slow run does not cross it
    return (
        start - now >= timedelta(hours=fac.notice_hours + 2)
        and (day - now.date()).days <= fac.max_days
    )


# how a citizen names a day it has in mind; each returns (phrase, the days it may mean)
def say_day(style: str, day: date, today: date) -> tuple[str, set[date]] | None:
    delta = (day - today).days
    wd = WEEKDAYS[day.weekday()]
    if style == "besok":
        return ("besok", {day}) if delta == 1 else None
    if style == "lusa":
        return ("lusa", {day}) if delta == 2 else None
    if style == "hari":  # "hari sabtu": the next one
        return (f"hari {wd}", {day}) if 1 <= delta <= 7 else None
    if style == "depan":  # "kamis depan": this coming one or the one after, people differ
        if 1 <= delta <= 7:
            return (f"{wd} depan", {day, day + timedelta(days=7)})
        if 8 <= delta <= 14:
            return (f"{wd} depan", {day, day - timedelta(days=7)})
        return None
    if style == "minggu_depan":  # "sabtu minggu depan": in the next calendar week
        monday = today + timedelta(days=7 - today.weekday())
        return (f"{wd} minggu depan", {day}) if monday <= day < monday + timedelta(7) else None
    if style == "tanggal":
        return (f"tanggal {day.day}", {day}) if 0 < delta <= 28 else None
    if style == "tanggal_bulan":
        return (f"{day.day} {MONTHS[day.month - 1]}", {day})
    if style == "tgl":
        return (f"tgl {day.day}/{day.month}", {day})
    if style == "tgl_day":  # "tgl 5": the day of this month or of the next
        return (f"tgl {day.day}", {day}) if 0 < delta <= 28 else None
    if style == "hari_ini":  # "nanti sore", "hari ini": today (the plan's notice still holds)
        return ("hari ini", {day}) if delta == 0 else None
    if style.endswith("_ini"):  # "sabtu ini": that weekday of the coming days, not today
        return (f"{wd} ini", {day}) if style == f"{wd}_ini" and 1 <= delta <= 6 else None
    if style.endswith("_minggu_depan"):  # "minggu depan hari rabu": that day of next week
        monday = today + timedelta(days=7 - today.weekday())
        ok = style == f"{wd}_minggu_depan" and monday <= day < monday + timedelta(7)
        return (f"minggu depan hari {wd}", {day}) if ok else None
    if style.endswith("_depan") and style.split("_")[0] in WEEKDAYS:  # "sabtu depan"
        if style != f"{wd}_depan":
            return None
        return say_day("depan", day, today)
    numbered = re.fullmatch(r"(tanggal|tgl)_(\d{1,2})", style)  # "tgl 15": the next 15th
    if numbered:
        ok = day.day == int(numbered[2]) and 0 < delta <= 31
        return (f"{numbered[1]} {day.day}", {day}) if ok else None
    raise ValueError(f"unknown day style {style!r}")


# how a citizen says an hour
def say_hour(style: str, hour: int) -> str:
    h12 = hour if hour <= 12 else hour - 12
    part = "pagi" if hour < 11 else "siang" if hour < 15 else "sore" if hour < 18 else "malam"
    if style == "jam":
        return f"jam {hour}" if hour <= 12 else f"jam {h12} {part}"
    if style == "jam_part":
        return f"jam {h12} {part}"
    if style == "part_jam":
        return f"{part} jam {h12}"
    if style == "pukul":
        return f"pukul {hour:02d}.00"
    if style == "jm":
        return f"jm {h12} {part}"
    if style == "colon":
        return f"{hour:02d}:00"
    if style == "words":  # a voice transcript: "jam sembilan pagi"
        return f"jam {in_words(h12)} {part}"
    raise ValueError(f"unknown hour style {style!r}")


WORDS = {1: "satu", 2: "dua", 3: "tiga", 4: "empat", 5: "lima", 6: "enam", 8: "delapan"}
_UNITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def in_words(n: int) -> str:
    """A number as it is said (0-999): 12 'dua belas', 40 'empat puluh', 150 'seratus lima
    puluh'; for a voice transcript."""
    if n < 10:
        return _UNITS[n]
    if n < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(n, f"{_UNITS[n - 10]} belas")
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")
    hundreds, rest = divmod(n, 100)
    head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
    return head + (f" {in_words(rest)}" if rest else "")


def digits_in_words(text: str) -> str:
    """Every digit said on its own, as a phone number is read out: '0812' 'nol delapan satu
    dua'."""
    return " ".join(_UNITS[int(c)] for c in text if c.isdigit())


def say_length(style: str, hours: int) -> str:
    if style == "jam":
        return f"{hours} jam"
    if style == "words":
        return "sejam" if hours == 1 else f"{WORDS.get(hours, str(hours))} jam"
    if style == "an":
        return f"{hours} jam-an"
    if style == "menit":
        return f"{hours * 60} menit"
    raise ValueError(f"unknown length style {style!r}")


@dataclass
class BookingPlan:
    facility: Facility
    day: date
    hour: int
    length: int
    people: int
    day_phrase: str
    day_means: set[date]
    hour_style: str
    length_style: str

    def hour_phrase(self, hour: int | None = None) -> str:
        return say_hour(self.hour_style, self.hour if hour is None else hour)

    def length_phrase(self) -> str:
        return say_length(self.length_style, self.length)


def make_plan(
    spec: dict[str, Any], facilities: dict[str, Facility], rng: random.Random, now: datetime
) -> BookingPlan:
    """The booking the citizen has in mind, from its wishes in the YAML (facility, day
    styles, preferred hours, length, group size), made plausible for today."""
    fac = facilities[spec["facility"]]
    length = max(fac.min_hours, min(fac.max_hours, int(spec.get("hours", fac.min_hours))))
    people = min(fac.capacity, int(spec.get("people", max(1, fac.capacity // 2))))
    hours = [int(h) for h in spec.get("at", [9, 10, 16, 19, 8, 13])]
    styles = list(spec.get("day", ["lusa", "hari", "tanggal_bulan"]))
    today = now.date()
    for style in styles:
        for delta in range(0 if style == "hari_ini" else 1, 40):
            day = today + timedelta(days=delta)
            said = say_day(style, day, today)
            if said is None:
                continue
            ok_hours = [h for h in hours if is_open(fac, day, h, length, now)]
            if ok_hours:
                return BookingPlan(
                    fac,
                    day,
                    ok_hours[0],
                    length,
                    people,
                    said[0],
                    said[1],
                    spec.get("hour_style", rng.choice(["jam", "jam_part", "pukul"])),
                    spec.get("length_style", "jam"),
                )
    raise ValueError(f"no plausible day for {spec.get('id')} ({fac.id}) with {styles}")


def fmt_day(day: date) -> str:
    """The day as the assistant writes it: Sabtu, 28 November 2026."""
    weekday = WEEKDAYS[day.weekday()].capitalize()
    return f"{weekday}, {day.day} {MONTHS[day.month - 1].capitalize()} {day.year}"


def booking_mistake(
    plan: BookingPlan, spec: dict[str, Any], text: str, tried: list[int]
) -> str | None:
    """What is wrong with a confirmed booking for the citizen who had `plan` in mind (and
    asked for the hours `tried` after a refusal), or None."""
    fac_word = spec.get("any_of_type") or plan.facility.name.split(" (")[0]
    if fac_word not in text:
        return f"booked another facility (wanted {fac_word})"
    if not any(fmt_day(d) in text for d in plan.day_means):
        return f"booked another day (wanted {plan.day_phrase})"
    if not any(f"pukul {h:02d}.00" in text for h in {plan.hour, *tried}):
        return f"booked another hour (wanted {plan.hour_phrase()})"
    return None
