"""Phones, NIK, ticket and booking codes in free text (core.lang.ids)."""

from __future__ import annotations

import pytest

from core.lang import ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("081234567890", "081234567890"),
        ("0812 3456 7890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("0812.3456.7890", "081234567890"),
        ("+62 812 3456 7890", "081234567890"),
        ("+62-812-3456-7890", "081234567890"),
        ("+6281234567890", "081234567890"),
        ("6281234567890", "081234567890"),
        ("62 812 3456 7890", "081234567890"),
        ("(0812) 3456 7890", "081234567890"),
        ("no hp saya 081234567890", "081234567890"),
        ("nomor wa: 0857-1234-5678 ya", "085712345678"),
        ("iya boleh, 0857 1234 5678", "085712345678"),
        ("iya boleh 0857 1234 5678", "085712345678"),
        ("hubungi 0813 1234 567 aja", "08131234567"),
        ("0812345678", "0812345678"),
        ("0812345678901", "0812345678901"),
        ("hp 0812 3456 7890 nik 3171011708450001", "081234567890"),
        ("nol delapan satu dua tiga empat lima enam tujuh delapan sembilan nol", "081234567890"),
        (
            "kosong delapan satu dua, tiga empat lima enam, tujuh delapan sembilan nol",
            "081234567890",
        ),
        (
            "nomornya nol delapan lima tujuh satu dua tiga empat lima enam tujuh delapan",
            "085712345678",
        ),
        (
            "plus enam dua delapan satu dua tiga empat lima enam tujuh delapan sembilan",
            "08123456789",
        ),
        ("0812 3456 78 90", "081234567890"),
    ],
)
def test_find_phone(text: str, expected: str) -> None:
    assert ids.find_phone(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tidak punya hp",
        "021 5551234",
        "(021) 555-1234",
        "0227 123456",
        "08123",
        "0812 345",
        "08123456789012345",
        "+1 415 555 0100",
        "3171011708450001",
        "LPR-2026-000123",
        "jam 08.00",
        "tanggal 05/12/2026",
        "10 orang",
    ],
)
def test_no_phone(text: str) -> None:
    assert ids.find_phone(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("081234567890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("6285712345678", "+6285712345678"),
    ],
)
def test_to_e164(text: str, expected: str) -> None:
    assert ids.to_e164(text) == expected


@pytest.mark.parametrize("text", ["", "021 5551234", "12345"])
def test_to_e164_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        ids.to_e164(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3171011708450001", "3171011708450001"),
        ("3171 0117 0845 0001", "3171011708450001"),
        ("3171.0117.0845.0001", "3171011708450001"),
        ("3171-0117-0845-0001", "3171011708450001"),
        ("NIK saya 3171011708450001 pak", "3171011708450001"),
        ("nik: 317101 170845 0001", "3171011708450001"),
        (
            "tiga satu tujuh satu nol satu satu tujuh nol delapan empat lima nol nol nol satu",
            "3171011708450001",
        ),
    ],
)
def test_find_nik(text: str, expected: str) -> None:
    assert ids.find_nik(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "317101170845000",
        "31710117084500011",
        "081234567890",
        "nggak mau kasih nik",
        "LPR-2026-000123",
    ],
)
def test_no_nik(text: str) -> None:
    assert ids.find_nik(text) is None


@pytest.mark.parametrize(
    ("nik", "valid"),
    [
        ("3171011708450001", True),
        ("3171015708450001", True),  # a woman: day + 40
        ("3273012505800003", True),
        ("3273 0125 0580 0003", True),
        ("1234567890123456", False),  # no such province code / date
        ("9971011708450001", False),  # no such province
        ("3171013002001234", False),  # 30 February
        ("317101170845000", False),
        ("", False),
        ("abcdefghijklmnop", False),
    ],
)
def test_valid_nik(nik: str, valid: bool) -> None:
    assert ids.valid_nik(nik) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LPR-2026-000123", "LPR-2026-000123"),
        ("lpr-2026-000123", "LPR-2026-000123"),
        ("LPR 2026 123", "LPR-2026-000123"),
        ("lpr2026000123", "LPR-2026-000123"),
        ("LPR-2026-123", "LPR-2026-000123"),
        ("cek status LPR-2026-000045 dong", "LPR-2026-000045"),
        ("lpr/2026/7", "LPR-2026-000007"),
        ("kode saya LPR 2026 000123.", "LPR-2026-000123"),
    ],
)
def test_find_ticket_code(text: str, expected: str) -> None:
    assert ids.find_ticket_code(text) == expected


@pytest.mark.parametrize("text", ["", "lapor", "LPR", "LPR-26-1", "BK-7K3M9Q", "mau lapor 2026"])
def test_no_ticket_code(text: str) -> None:
    assert ids.find_ticket_code(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BK-7K3M9Q", "BK-7K3M9Q"),
        ("bk-7k3m9q", "BK-7K3M9Q"),
        ("BK 7K3M9Q", "BK-7K3M9Q"),
        ("bk 7k3m9q", "BK-7K3M9Q"),
        ("bk7k3m9q", "BK-7K3M9Q"),
        ("batalkan BK-7K3M9Q", "BK-7K3M9Q"),
        ("cek booking saya bk-abcdef", "BK-ABCDEF"),
        ("kode BK ABCDEF", "BK-ABCDEF"),
    ],
)
def test_find_booking_code(text: str, expected: str) -> None:
    assert ids.find_booking_code(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "BK-7K3M9",  # too short
        "BK-7K3M9QQ",  # too long
        "BK-7K3M9O",  # O is not in the alphabet
        "BK-1K3M9Q",  # nor is 1
        "BK-0O1I23",  # 0, O, 1, I are never used
        "bk sabtus",  # an ordinary word after "bk"
        "LPR-2026-000123",
        "booking",
    ],
)
def test_no_booking_code(text: str) -> None:
    assert ids.find_booking_code(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0812 3456 7890", "081234567890"),
        ("+62 812 3456 7890", "081234567890"),
        ("021 5551234", "0215551234"),
        ("(021) 555-1234", "0215551234"),
        ("+62 22 1234 567", "0221234567"),
        ("telp kantor 0274-512345", "0274512345"),
    ],
)
def test_find_phone_number_takes_landlines_too(text: str, expected: str) -> None:
    assert ids.find_phone_number(text) == expected


@pytest.mark.parametrize("text", ["", "12345", "0812", "nomor saya 123", "+1 415 555 0100"])
def test_find_phone_number_refuses(text: str) -> None:
    assert ids.find_phone_number(text) is None


def test_code_patterns_find_every_spelling() -> None:
    text = "cek LPR-2026-000123 dan lpr 2026 7, juga bk 7k3m9q"
    assert [m.group(2) for m in ids.TICKET_PATTERN.finditer(text)] == ["000123", "7"]
    assert ids.BOOKING_PATTERN.search(text) is not None
