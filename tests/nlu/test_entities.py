"""Entity parsing for forms: Indonesian dates (dateparser + a thin layer), NIK, phone, codes."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.services.entities import (
    find_booking_code,
    find_nik,
    find_phone,
    find_ticket_code,
    normalize_phone,
    parse_date_time,
    valid_nik,
)

NOW = datetime(2026, 11, 23, 9, 0)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("besok jam 8", datetime(2026, 11, 24, 8, 0), True),
        ("bsk jm 8", datetime(2026, 11, 24, 8, 0), True),
        ("besok jam 3 sore", datetime(2026, 11, 24, 15, 0), True),
        ("lusa jam 10 pagi", datetime(2026, 11, 25, 10, 0), True),
        ("sabtu depan", datetime(2026, 11, 28), False),
        ("hari kamis jam 9 pagi", datetime(2026, 11, 26, 9, 0), True),
        ("minggu jam 2 siang", datetime(2026, 11, 29, 14, 0), True),
        ("minggu depan", datetime(2026, 11, 30), False),
        ("tanggal 12 desember jam 9", datetime(2026, 12, 12, 9, 0), True),
        ("tanggal 5 januari", datetime(2027, 1, 5), False),
        ("tgl 20", datetime(2026, 12, 20), False),
        ("nanti malam jam 7", datetime(2026, 11, 23, 19, 0), True),
        ("jam 7 malam", datetime(2026, 11, 23, 19, 0), True),
        ("2 hari lagi", datetime(2026, 11, 25), False),
        ("jumat jam 14.00", datetime(2026, 11, 27, 14, 0), True),
    ],
)
def test_parse_date_time(text: str, expected: datetime, has_time: bool) -> None:
    parsed = parse_date_time(text, NOW)
    assert parsed is not None and parsed.value == expected
    assert parsed.has_time is has_time


@pytest.mark.parametrize("text", ["xyz", "jam 25", ""])
def test_unparseable_dates_give_none(text: str) -> None:
    assert parse_date_time(text, NOW) is None


def test_nik_validated_with_stdnum() -> None:
    assert valid_nik("3273012505800003") == "3273012505800003"
    assert valid_nik("3273 0125 0580 0003") == "3273012505800003"
    assert valid_nik("1234567890123456") is None  # no such province code / date
    assert valid_nik("32730125") is None
    assert find_nik("nik saya 3273012505800003 ya") == "3273012505800003"


def test_phone_and_codes() -> None:
    assert normalize_phone("0857-1122-3344") == "+6285711223344"
    assert normalize_phone("+62 812 3456 7890") == "+6281234567890"
    assert normalize_phone("021-555-1234") is None
    assert find_phone("hp 081234567890") == "+6281234567890"
    assert find_ticket_code("cek lpr-2026-000123 dong") == "LPR-2026-000123"
    assert find_booking_code("batal bk-7k3m9q") == "BK-7K3M9Q"
    assert find_booking_code("BK-0O1I23") is None  # 0, O, 1, I are not in the alphabet
