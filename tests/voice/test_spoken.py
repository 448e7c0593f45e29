from __future__ import annotations

import pytest

from voice.spoken import normalize, parse_number


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("nol", 0),
        ("tujuh", 7),
        ("sepuluh", 10),
        ("sebelas", 11),
        ("delapan belas", 18),
        ("dua puluh lima", 25),
        ("seratus dua puluh tiga", 123),
        ("tiga ratus", 300),
        ("seribu sembilan ratus empat puluh lima", 1945),
        ("dua ribu dua puluh enam", 2026),
        ("satu juta lima ratus ribu", 1_500_000),
    ],
)
def test_number_words(words: str, value: int) -> None:
    assert parse_number(words.split(), 0) == (value, len(words.split()))


@pytest.mark.parametrize(
    ("heard", "expect", "text"),
    [
        (
            "Nol delapan satu dua, tiga empat lima enam, tujuh delapan sembilan kosong.",
            "phone",
            "081234567890",
        ),
        ("plus enam dua delapan satu satu dua dua tiga tiga empat empat", "phone", "+62811223344"),
        ("0812 3456 7890", "phone", "081234567890"),
        # digit words misspelt by the recogniser, next to digits heard right
        ("Nor, galapan, satu, dua, diga, empat, lima, enam.", "phone", "08123456"),
        ("nama saya Budi, nomornya nol delapan satu dua", "phone", "0812"),
        ("nol delapan dua puluh satu, delapan belas", "phone", "082118"),
        (
            "tiga dua tujuh satu nol satu lima nol nol delapan sembilan nol nol nol satu dua",
            "nik",
            "3271015008900012",
        ),
        ("be ka tujuh ka tiga em sembilan ki", "code", "BK-7K3M9Q"),
        ("Kodenya BK 7K3M9Q", "code", "BK-7K3M9Q"),
        (
            "el pe er dua ribu dua puluh enam nol nol nol seratus dua puluh tiga",
            "code",
            "LPR-2026-000123",
        ),
        ("LPR 2026 123", "code", "LPR-2026-000123"),
        ("besok jam tiga sore", "time", "besok jam 15:00"),
        ("setengah empat sore", "time", "15:30"),
        ("jam sepuluh lewat lima belas menit", "time", "jam 10:15"),
        ("jam tiga kurang seperempat", "time", "jam 02:45"),
        ("pukul 7.30 malam", "time", "pukul 19:30"),
        ("jam dua belas siang", "time", "jam 12:00"),
        ("jam delapan pagi", "time", "jam 08:00"),
        (
            "tanggal lima desember dua ribu dua puluh enam jam sembilan pagi",
            "date",
            "tanggal 5 desember 2026 jam 09:00",
        ),
        ("Sabtu, dua puluh lima Desember", "date", "Sabtu, 25 Desember"),
        (
            "saya mau lapor lampu mati di jalan melati",
            None,
            "saya mau lapor lampu mati di jalan melati",
        ),
        ("nomor saya nol delapan satu satu dua dua ya", None, "nomor saya 081122 ya"),
        ("Saya mau booking jam tiga sore", None, "Saya mau booking jam 15:00"),
        ("ada dua lampu mati", None, "ada dua lampu mati"),
    ],
)
def test_normalize(heard: str, expect: str | None, text: str) -> None:
    assert normalize(heard, expect) == text


def test_unparseable_answers_are_kept() -> None:
    assert normalize("saya tidak tahu nomornya", "phone") == "saya tidak tahu nomornya"
    assert normalize("  halo ,  apa kabar ", None) == "halo, apa kabar"
