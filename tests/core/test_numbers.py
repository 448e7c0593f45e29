"""Numbers in digits and words, and digits said one by one (core.lang.numbers)."""

from __future__ import annotations

import pytest

from core.lang import numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25", 25),
        ("0", 0),
        ("nol", 0),
        ("satu", 1),
        ("dua puluh lima", 25),
        ("Dua puluh lima.", 25),
        ("sepuluh", 10),
        ("sebelas", 11),
        ("dua belas", 12),
        ("lima belas", 15),
        ("lima belas orang", 15),
        ("15 orang", 15),
        ("15 org", 15),
        ("seratus", 100),
        ("seratus dua puluh", 120),
        ("tiga ratus lima puluh", 350),
        ("seribu", 1000),
        ("dua ribu lima ratus", 2500),
        ("sekitar 20 orang", 20),
        ("sekitar 20an orang", 20),
        ("20-an", 20),
        ("kira-kira tiga puluh orang", 30),
        ("dua puluhan", 20),
        ("kurang lebih 40 peserta", 40),
        ("10 aja", 10),
        ("ada 8 orang", 8),
        ("empat puluh delapan", 48),
        ("sekitar lima puluhan", 50),
        ("± 20 orang", 20),
        ("seratus orang", 100),
        ("sepuluh orang saja", 10),
    ],
)
def test_parse_number(text: str, expected: int) -> None:
    assert numbers.parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "setengah",
        "1,5",
        "1.5",
        "banyak",
        "beberapa orang",
        "jam 3",
        "20 orang atau 30 orang",
        "2 jam",
        "lima belas orang dewasa dan anak-anak",
        "abc",
        "20-25 orang",
        "5 orang dewasa",
    ],
)
def test_parse_number_refuses(text: str) -> None:
    assert numbers.parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("saya mau pesan untuk 12 orang", 12),
        ("kami ada dua puluh lima orang", 25),
        ("nomor 3", 3),
        ("yang ke-2", 2),
        ("harganya 1.500", 1500),
        ("antrian 007", 7),
        ("tiga hari lagi", 3),
        ("rt 03 rw 05", 3),
    ],
)
def test_find_number(text: str, expected: int) -> None:
    assert numbers.find_number(text) == expected


@pytest.mark.parametrize("text", ["", "tidak ada", "yang terakhir", "setengah"])
def test_find_number_none(text: str) -> None:
    assert numbers.find_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nol delapan satu dua", "0812"),
        ("kosong delapan satu dua", "0812"),
        ("Nol delapan satu dua, tiga empat lima enam.", "08123456"),
        ("nol delapan satu dua 3456", "08123456"),
        ("0812 3456", "08123456"),
        ("0812-3456", "08123456"),
        ("plus enam dua delapan satu", "+6281"),
        ("nol delapan diga", "083"),  # a misheard "tiga" next to digits
        ("nol galapan satu", "081"),
        ("delapan belas", "18"),
        ("nol delapan dua puluh", "0820"),
        # a number said in groups, as people read phone numbers: the group words stay numbers
        ("nol delapan satu dua, tiga ratus empat puluh lima, enam tujuh", "081234567"),
        ("dua ratus", "200"),
        ("seratus lima", "105"),
    ],
)
def test_digits_from_speech(text: str, expected: str) -> None:
    assert numbers.digits_from_speech(text) == expected


@pytest.mark.parametrize("text", ["", "nama saya budi", "tidak tahu"])
def test_digits_from_speech_none(text: str) -> None:
    assert numbers.digits_from_speech(text) == ""
