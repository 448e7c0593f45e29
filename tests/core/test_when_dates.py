"""Dates, their formats and the future check (core.lang.when). Today is pinned to Wednesday 2
December 2026."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from core.lang import when
from core.lang.when import WhenError

TODAY = date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hari ini", date(2026, 12, 2)),
        ("hari ini aja", date(2026, 12, 2)),
        ("sekarang", date(2026, 12, 2)),
        ("nanti malam", date(2026, 12, 2)),
        ("sore ini", date(2026, 12, 2)),
        ("besok", date(2026, 12, 3)),
        ("Besok.", date(2026, 12, 3)),
        ("bsk", date(2026, 12, 3)),
        ("besuk", date(2026, 12, 3)),
        ("besok pagi", date(2026, 12, 3)),
        ("besok malam jam 7", date(2026, 12, 3)),
        ("lusa", date(2026, 12, 4)),
        # Whisper now and then writes the month it heard in English
        ("5, December.", date(2026, 12, 5)),
        ("17 August", date(2027, 8, 17)),
        ("besok lusa", date(2026, 12, 4)),
        ("lusa jam 10", date(2026, 12, 4)),
        ("minggu depan", date(2026, 12, 9)),
        ("Minggu depan aja", date(2026, 12, 9)),
        ("pekan depan", date(2026, 12, 9)),
        ("seminggu lagi", date(2026, 12, 9)),
        ("minggu depan jam 9", date(2026, 12, 9)),
        ("dua minggu lagi", date(2026, 12, 16)),
        ("2 minggu lagi", date(2026, 12, 16)),
        ("3 hari lagi", date(2026, 12, 5)),
        ("tiga hari lagi", date(2026, 12, 5)),
        ("sepuluh hari lagi", date(2026, 12, 12)),
        ("sabtu", date(2026, 12, 5)),
        ("Sabtu ini", date(2026, 12, 5)),
        ("hari sabtu", date(2026, 12, 5)),
        ("sabtu pagi", date(2026, 12, 5)),
        ("sabtu besok", date(2026, 12, 5)),
        ("sabtu depan", date(2026, 12, 12)),
        ("sabtu minggu depan", date(2026, 12, 12)),
        ("sabtu pekan depan", date(2026, 12, 12)),
        ("minggu depan hari sabtu", date(2026, 12, 12)),
        ("rabu", date(2026, 12, 2)),  # today is a Wednesday
        ("rabu depan", date(2026, 12, 9)),
        ("kamis", date(2026, 12, 3)),
        ("kamis depan jam 10, 10 orang", date(2026, 12, 10)),
        ("senin", date(2026, 12, 7)),
        ("senin depan", date(2026, 12, 7)),
        ("selasa", date(2026, 12, 8)),
        ("jumat", date(2026, 12, 4)),
        ("jum'at", date(2026, 12, 4)),
        ("hari jumat sore", date(2026, 12, 4)),
        ("hari minggu", date(2026, 12, 6)),
        ("minggu pagi", date(2026, 12, 6)),
        ("minggu ini", date(2026, 12, 6)),
        ("minggu", date(2026, 12, 6)),
        ("minggu jam 8", date(2026, 12, 6)),
        ("ahad", date(2026, 12, 6)),
        ("hari minggu depan", date(2026, 12, 13)),
        ("malam minggu", date(2026, 12, 5)),  # Saturday evening
        ("malem minggu", date(2026, 12, 5)),
        ("malam minggu depan", date(2026, 12, 12)),
        ("minggu depan hari minggu", date(2026, 12, 13)),
        ("senin minggu depan", date(2026, 12, 7)),
        ("jumat ini jam 2 siang", date(2026, 12, 4)),
        ("hari sabtu minggu depan jam 8 pagi", date(2026, 12, 12)),
        ("Sabtu 12/12", date(2026, 12, 12)),
        ("12 Des 2026 pukul 08.00", date(2026, 12, 12)),
        (
            "Selamat pagi bu, saya mau pinjam aula untuk hari Sabtu tanggal 12 Desember jam 9 pagi"
            " sampai jam 12 siang untuk kurang lebih 50 orang",
            date(2026, 12, 12),
        ),
        ("tanggal 5", date(2026, 12, 5)),
        ("tgl 5", date(2026, 12, 5)),
        ("tgl 5 jam 9", date(2026, 12, 5)),
        ("tanggal lima", date(2026, 12, 5)),
        ("tanggal 1", date(2027, 1, 1)),  # the 1st has passed this month: the next 1st
        ("tanggal 2", date(2026, 12, 2)),
        ("tanggal 5 bulan depan", date(2027, 1, 5)),
        ("5 Desember", date(2026, 12, 5)),
        ("5 desember 2026", date(2026, 12, 5)),
        ("tanggal 5 desember", date(2026, 12, 5)),
        ("5 des", date(2026, 12, 5)),
        ("5 Des.", date(2026, 12, 5)),
        ("lima desember", date(2026, 12, 5)),
        ("tanggal dua puluh lima desember", date(2026, 12, 25)),
        ("10 januari", date(2027, 1, 10)),
        ("10 jan 2027", date(2027, 1, 10)),
        ("17 agustus 2027", date(2027, 8, 17)),
        ("5 nopember 2027", date(2027, 11, 5)),
        ("05/12", date(2026, 12, 5)),
        ("05/12/2026", date(2026, 12, 5)),
        ("5/12/26", date(2026, 12, 5)),
        ("5-12-2026", date(2026, 12, 5)),
        ("5.12.2026", date(2026, 12, 5)),
        ("2026-12-05", date(2026, 12, 5)),
        ("Sabtu, 5 Desember 2026", date(2026, 12, 5)),
        ("akhir pekan", date(2026, 12, 5)),
        ("akhir minggu ini", date(2026, 12, 5)),
        ("weekend", date(2026, 12, 5)),
        ("akhir pekan depan", date(2026, 12, 12)),
        ("awal minggu depan", date(2026, 12, 7)),
        ("awal bulan depan", date(2027, 1, 1)),
        ("akhir bulan", date(2026, 12, 31)),
        ("kemarin", date(2026, 12, 1)),
        ("saya mau pinjam aula besok jam 9 pagi", date(2026, 12, 3)),
        ("bisa nggak hari sabtu tanggal 12", date(2026, 12, 12)),
        ("Hari Sabtu tanggal dua belas.", date(2026, 12, 12)),
        ("Tanggal dua belas Desember dua ribu dua puluh enam.", date(2026, 12, 12)),
        ("Tiga puluh satu desember jam delapan malam", date(2026, 12, 31)),
        ("Minggu depan hari Rabu jam sepuluh.", date(2026, 12, 9)),
        ("tanggal 9 bulan 12", date(2026, 12, 9)),
        ("desember 12", date(2026, 12, 12)),
        ("12des", date(2026, 12, 12)),
        ("sbtu dpn", date(2026, 12, 12)),
        ("hr sabtu", date(2026, 12, 5)),
        ("bsok jm 9", date(2026, 12, 3)),
        ("senin besok", date(2026, 12, 7)),
        ("jumat, 08.00", date(2026, 12, 4)),
        ("akhir bulan ini", date(2026, 12, 31)),
        ("tgl 31", date(2026, 12, 31)),
        ("09-12-2026", date(2026, 12, 9)),
        ("kalau bisa hari jumat sore nak sekitar jam tiga", date(2026, 12, 4)),
        (
            "saya mau pesan lapangan tenis hari kamis minggu depan jam empat sore selama dua"
            " jam untuk empat orang",
            date(2026, 12, 10),
        ),
    ],
)
def test_find_date(text: str, expected: date) -> None:
    assert when.find_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "aula kecamatan",
        "jam 9",
        "jam 9 sampai 12",
        "9-12",
        "15.30",
        "2 jam",
        "10 orang",
        "0812 3456 7890",
        "Budi Santoso",
        "secepatnya",
        "terserah",
        "nanti saja",
        "LPR-2026-000123",
        "minggu lalu saya lapor",  # no day named
        "minggu ke 2 desember",  # a week, not the 2nd
        "desember 2026",
        "awal bulan",
    ],
)
def test_no_date(text: str) -> None:
    assert when.find_date(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "day", "month", "last_day"),
    [
        ("31 Februari", 31, "Februari", 28),
        ("30 februari 2028", 30, "Februari", 29),
        ("31 november", 31, "November", 30),
        ("31/04/2027", 31, "April", 30),
        ("32 desember", 32, "Desember", 31),
    ],
)
def test_impossible_date(text: str, day: int, month: str, last_day: int) -> None:
    with pytest.raises(WhenError) as err:
        when.find_date(text, TODAY)
    assert err.value.code == "date_invalid"
    assert err.value.params == {"day": day, "month": month, "last_day": last_day}


@pytest.mark.parametrize("text", ["tanggal 0", "tanggal 35", "0 desember"])
def test_no_such_day(text: str) -> None:
    with pytest.raises(WhenError) as err:
        when.find_date(text, TODAY)
    assert err.value.code == "date_invalid"


def test_parse_date_refuses_unknown_and_past() -> None:
    assert when.parse_date("besok jam 9", TODAY) == date(2026, 12, 3)
    assert when.parse_date("2026-12-24", TODAY) == date(2026, 12, 24)
    with pytest.raises(WhenError) as err:
        when.parse_date("kemarin", TODAY)
    assert err.value.code == "date_past"
    assert err.value.params == {"date": "Selasa, 1 Desember 2026"}
    with pytest.raises(WhenError) as err:
        when.parse_date("aula kecamatan", TODAY)
    assert err.value.code == "date_unknown"
    assert "aula" not in str(err.value.params)  # never the citizen's words as the message


def test_formats() -> None:
    assert when.format_date(date(2026, 12, 5)) == "Sabtu, 5 Desember 2026"
    assert when.format_time(time(8)) == "08.00"
    assert when.format_time(datetime(2026, 12, 5, 1, 30, tzinfo=when.TZ)) == "01.30"


def test_check_future() -> None:
    now = when.local(TODAY, time(14))
    when.check_future(when.local(TODAY, time(15)), now)
    with pytest.raises(WhenError) as err:
        when.check_future(when.local(TODAY, time(13)), now)
    assert err.value.code == "time_past"
    assert err.value.params == {"date": "Rabu, 2 Desember 2026", "time": "13.00"}
