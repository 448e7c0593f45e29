"""kiosk6: elderly speech as Whisper writes it, read by the language core.

Javanese and Sundanese numbers ("jam opat sore", "dua welas urang", "rolas"), Javanese
parts of the day ("jam wolu esuk"), address words around a count ("empat puluh orang nak"),
and an hour, date or day corrected in the same breath ("jam delapan eh bukan jam sembilan").
"""

from __future__ import annotations

from datetime import date, time

import pytest

from core.lang.clock import find_time, prepare
from core.lang.numbers import find_number, number_words, parse_number
from core.lang.text import normalise, restarts_dropped
from core.lang.when import find_date, find_people

MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("dua welas urang a", 12),  # Sundanese: twelve people
        ("rolas", 12),  # Javanese twelve
        ("opat", 4),
        ("genep belas orang", 16),
        ("tilu puluh", 30),
        ("limo", 5),
        ("kalih welas tiyang nggih", 12),  # krama "two" + "welas"
        ("empat puluh orang nak", 40),  # the kiosk's "nak" says nothing more
        ("dua puluh lima", 25),  # Indonesian as before
    ],
)
def test_regional_numbers_are_read(said: str, value: int) -> None:
    assert parse_number(said) == value


def test_number_words_fold_only_numbers() -> None:
    # "ra" (Javanese "not") and street names stay as said; only number words change
    assert number_words(["jam", "opat", "ra", "sawo", "welas"]) == [
        "jam",
        "empat",
        "ra",
        "sawo",
        "belas",
    ]
    assert number_words(["rolas"]) == ["dua", "belas"]
    assert find_number("kula pesen kagem pitu tiyang") == 7
    assert parse_number("ra") is None


@pytest.mark.parametrize(
    ("said", "at"),
    [
        ("jam opat sore a", time(16)),
        ("jam wolu esuk", time(8)),
        ("jam pitu bengi", time(19)),
        ("jam dalapan enjing", time(8)),
    ],
)
def test_regional_hours(said: str, at: time) -> None:
    found = find_time(said)
    assert found is not None and found.at == at


@pytest.mark.parametrize(
    ("said", "at"),
    [
        ("jam delapan eh bukan jam sembilan pagi nak", time(9)),
        ("jam 8 eh salah jam 9", time(9)),
        ("jam tiga maksud saya jam empat sore", time(16)),
        ("jam 8 eh maksudnya jam 10", time(10)),
        ("eee jam sepuluh eh keliru jam sebelas siang", time(11)),
    ],
)
def test_an_hour_corrected_in_one_breath(said: str, at: time) -> None:
    found = find_time(said)
    assert found is not None and found.at == at


def test_bukan_alone_contrasts_and_ranges_stay() -> None:
    # "jam 7 bukan jam 9": seven is meant (no "eh": a contrast, not a repair)
    found = find_time("pesannya jam 7 bukan jam 9")
    assert found is not None and found.at == time(7)
    found = find_time("jam 8 sampai jam 10")
    assert found is not None and (found.at, found.end) == (time(8), time(10))
    assert "salah 1" in prepare("salah satu jam 8")


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("tanggal lima belas eh bukan tanggal enam belas jam sembilan", date(2026, 12, 16)),
        ("tanggal 15 eh salah 17", date(2026, 12, 17)),
        ("hari kamis eh bukan hari jumat", date(2026, 12, 11)),
        ("kamis bukan hari libur kan", date(2026, 12, 10)),
    ],
)
def test_a_date_or_day_corrected_in_one_breath(said: str, day: date) -> None:
    assert find_date(said, MONDAY) == day


def test_people_in_regional_words() -> None:
    assert find_people("dua welas orang") == 12
    assert find_people("rolas orang") == 12
    assert parse_number("dua welas urang") == 12  # a bare count: the caller's reading


@pytest.mark.parametrize(
    ("said", "once"),
    [
        ("saya mau tanya saya mau tanya anu ka te pe", "saya mau tanya anu ka te pe"),
        ("saya mau saya mau lapor", "saya mau lapor"),
        ("Saya mau, saya mau tanya", "Saya mau tanya"),
        ("pohon mangga di di depan sd", "pohon mangga di depan sd"),
        ("yang yang rusak", "yang rusak"),
        ("itu lho itu lho jalannya", "itu lho jalannya"),
    ],
)
def test_restarts_said_once(said: str, once: str) -> None:
    assert restarts_dropped(said) == once


@pytest.mark.parametrize(
    "said",
    [
        "pohon pohon mangga",  # a plural
        "kursi kursi di taman patah patah",
        "sama sama nak",  # an idiom
        "nol delapan satu dua satu dua",  # a phone number's 1212
        "anak anak saya",
    ],
)
def test_plurals_idioms_and_numbers_stay(said: str) -> None:
    assert restarts_dropped(said) == said


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("air pe de a em tidak ngalir", "air pdam tidak ngalir"),
        ("ka te pe saya hilang", "ktp saya hilang"),
        ("laporan el pe er 2026-000123", "laporan lpr 2026-000123"),
        ("eee ka ka saya", "e kk saya"),  # joined, not folded further
        ("es teh manis", "es teh manis"),  # one letter name alone stays a word
        ("di jalan a yani", "di jalan a yani"),  # vowels alone are no abbreviation
    ],
)
def test_spelt_abbreviations_are_joined(said: str, read: str) -> None:
    assert normalise(said) == read
