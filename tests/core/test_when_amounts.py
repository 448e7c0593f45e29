"""Durations and head counts (core.lang.when)."""

from __future__ import annotations

import pytest

from core.lang import when


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("sejam", 60),
        ("sejam aja", 60),
        ("sejaman", 60),
        ("satu jam", 60),
        ("1 jam", 60),
        ("1 jam saja", 60),
        ("2 jam", 120),
        ("2 jam-an", 120),
        ("2 jaman", 120),
        ("dua jam", 120),
        ("dua jam aja", 120),
        ("selama 3 jam", 180),
        ("setengah jam", 30),
        ("satu setengah jam", 90),
        ("1 setengah jam", 90),
        ("sejam setengah", 90),
        ("1,5 jam", 90),
        ("1.5 jam", 90),
        ("90 menit", 90),
        ("sembilan puluh menit", 90),
        ("2 jam setengah", 150),
        ("dua jam setengah", 150),
        ("1 jam 30 menit", 90),
        ("kira-kira 2 jam", 120),
        ("jam 9 sampai 11, 2 jam", 120),
        ("4 jam", 240),
        ("Dua jam.", 120),
        ("Satu setengah jam saja.", 90),
        ("1/2 jam", 30),
        ("dua setengah jam", 150),
        ("2,5 jam", 150),
        ("3 jam lebih", 180),
        ("2jam", 120),
        ("dua jam an", 120),
        ("jam empat sore selama dua jam untuk empat orang", 120),
    ],
)
def test_find_duration(text: str, minutes: int) -> None:
    assert when.find_duration_minutes(text) == minutes


@pytest.mark.parametrize(
    "text",
    [
        "",
        "sampai jam 12",
        "jam 2",
        "jam 2 siang",
        "pukul 3",
        "besok",
        "10 orang",
        "0 jam",
        "lama",
        "tgl 12/12 jam 9-11",
    ],
)
def test_no_duration(text: str) -> None:
    assert when.find_duration_minutes(text) is None


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("10 orang", 10),
        ("10 org", 10),
        ("sepuluh orang", 10),
        ("untuk 25 peserta", 25),
        ("kami ber-10", 10),
        ("kami ber 4", 4),
        ("ber10", 10),
        ("berlima", 5),
        ("kami berdua saja", 2),
        ("bertiga", 3),
        ("kami ber sepuluh", 10),
        ("sekitar 20 an orang", 20),
        ("sekitar 20-an orang", 20),
        ("20an orang", 20),
        ("dua puluh lima orang", 25),
        ("besok jam 9 untuk 10 orang", 10),
        ("kamis depan jam 10, 10 orang", 10),
        ("lima belas orang", 15),
        ("Sekitar dua puluh orang.", 20),
        ("Kami berlima.", 5),
        ("kami ber-20", 20),
        ("sekitar 50an orang", 50),
        ("rombongan 15 orang", 15),
    ],
)
def test_find_people(text: str, people: int) -> None:
    assert when.find_people(text) == people


@pytest.mark.parametrize("text", ["", "10", "banyak orang", "jam 10", "2 jam", "0 orang"])
def test_no_people(text: str) -> None:
    assert when.find_people(text) is None


def test_the_day_of_the_month_before_a_time_is_no_length() -> None:
    # bench f-13: "tgl 4 jam 5 sore" was read as 4 hours and refused ("paling lama 2 jam")
    assert when.find_duration_minutes("saya mau pesan lapangan tenis A tgl 4 jam 5 sore") is None
    assert when.find_duration_minutes("tanggal 4 jam 5 sore, 2 jam") == 120
