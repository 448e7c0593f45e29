"""Days and hours said the way people book (bench bookings5): prayer times ("habis
maghrib"), Javanese and Sundanese days, parts of the day and numbers."""

from __future__ import annotations

from datetime import date, time

import pytest

from core.lang.when import find_date, find_duration_minutes, find_time

MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("besok abis maghrib kosong kagak?", time(19)),
        ("habis maghrib", time(19)),
        ("pas maghrib", time(18)),
        ("ba'da isya aja", time(20)),
        ("setelah sholat ashar", time(16)),
        ("habis dzuhur", time(13)),
        ("dinten Kemis sonten jam 4", time(16)),
    ],
)
def test_hours_people_say(text: str, at: time) -> None:
    found = find_time(text)
    assert found is not None and found.at == at


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("dinten Kemis sonten jam 4", date(2026, 12, 10)),
        ("benjing sonten", date(2026, 12, 8)),
        ("hari rebo", date(2026, 12, 9)),
        ("bsk lusa jam 4 sore", date(2026, 12, 9)),
        ("minggu depan hari rabu", date(2026, 12, 16)),
    ],
)
def test_days_people_say(text: str, day: date) -> None:
    assert find_date(text, MONDAY) == day


def test_javanese_two_hours() -> None:
    assert find_duration_minutes("kagem lare-lare, kalih jam") == 120
