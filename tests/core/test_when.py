"""Dates, times, durations and head counts (core.lang.when). Today is pinned to Wednesday
2 December 2026."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from core.lang import when
from core.lang.when import TimeFound, WhenError

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


def T(at: time | None, period: str | None = None, end: time | None = None) -> TimeFound:
    return TimeFound(at, period, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jam 7", T(time(7))),
        ("jam 7 pagi", T(time(7), "pagi")),
        ("jam 7 malam", T(time(19), "malam")),
        ("malam jam 7", T(time(19), "malam")),
        ("nanti malam jam 7", T(time(19), "malam")),
        ("besok malam jam 7", T(time(19), "malam")),
        ("jam tujuh malam", T(time(19), "malam")),
        ("Jam Tujuh Malam.", T(time(19), "malam")),
        ("tujuh malam", T(time(19), "malam")),
        ("jam 3 sore", T(time(15), "sore")),
        ("jam tiga sore", T(time(15), "sore")),
        ("sore jam 4", T(time(16), "sore")),
        ("jam 5 petang", T(time(17), "sore")),
        ("jam 1 siang", T(time(13), "siang")),
        ("jam 12 siang", T(time(12), "siang")),
        ("jam 11 siang", T(time(11), "siang")),
        ("jam 12 malam", T(time(0), "malam")),
        ("jam 10 malam", T(time(22), "malam")),
        ("jam 2 malam", T(time(2), "malam")),
        ("pukul 15.00", T(time(15))),
        ("pukul 15.00 WIB", T(time(15))),
        ("pkl 09.30", T(time(9, 30))),
        ("15:30", T(time(15, 30))),
        ("15.30", T(time(15, 30))),
        ("08.00", T(time(8))),
        ("jam 9.30 pagi", T(time(9, 30), "pagi")),
        ("jam 09:15", T(time(9, 15))),
        ("jam setengah 8", T(time(7, 30))),
        ("jam setengah delapan pagi", T(time(7, 30), "pagi")),
        ("setengah 4 sore", T(time(15, 30), "sore")),
        ("jam 8 lewat seperempat", T(time(8, 15))),
        ("jam 8 kurang seperempat", T(time(7, 45))),
        ("jam 10 lewat 15 menit", T(time(10, 15))),
        ("jam delapan", T(time(8))),
        ("jam sebelas", T(time(11))),
        ("jam dua belas siang", T(time(12), "siang")),
        ("jam 8an", T(time(8))),
        ("besok jam 9", T(time(9))),
        ("besok 9 pagi", T(time(9), "pagi")),
        ("sabtu jam 10 ya", T(time(10))),
        ("jm 7 mlm", T(time(19), "malam")),
        ("jam 7 malem", T(time(19), "malam")),
        ("nanti sore jam 4an", T(time(16), "sore")),
        ("jam sepuluh lewat lima belas", T(time(10, 15))),
        ("besok jam setengah sepuluh", T(time(9, 30))),
        ("jam 4 sore sampai jam 6", T(time(16), "sore", time(18))),
        ("jam sembilan pagi sampai jam dua belas siang", T(time(9), "pagi", time(12))),
        ("pukul 19.00", T(time(19))),
        ("jam 19", T(time(19))),
        ("sore", T(None, "sore")),
        ("pagi aja", T(None, "pagi")),
        ("yang siang", T(None, "siang")),
        ("malam", T(None, "malam")),
        ("sabtu pagi", T(None, "pagi")),
        ("jam 9 sampai 12", T(time(9), None, time(12))),
        ("dari jam 9 sampai jam 12", T(time(9), None, time(12))),
        ("jam 9 sampai jam 12", T(time(9), None, time(12))),
        ("9-12", T(time(9), None, time(12))),
        ("jam 9-12", T(time(9), None, time(12))),
        ("jam 9 s/d 11 pagi", T(time(9), "pagi", time(11))),
        ("jam 9 s.d. 11", T(time(9), None, time(11))),
        ("dari jam 1 sampai jam 3 siang", T(time(13), "siang", time(15))),
        ("jam 7 sampai 9 malam", T(time(19), "malam", time(21))),
        ("jam 10 sampai 2", T(time(10), None, time(14))),
        ("jam 08.00 - 10.00", T(time(8), None, time(10))),
        ("dari jam sembilan sampai jam dua belas", T(time(9), None, time(12))),
        ("jam 9 hingga 11", T(time(9), None, time(11))),
        ("sampai jam 12", T(None, None, time(12))),
        ("sabtu, 9-11", T(time(9), None, time(11))),
        ("tgl 12/12 jam 9-11", T(time(9), None, time(11))),
        ("jam 13.00 - 15.00", T(time(13), None, time(15))),
        ("pukul 13:00-15:00 WIB", T(time(13), None, time(15))),
        ("jam 1 sampai jam 3 sore", T(time(13), "sore", time(15))),
        # as a speech recogniser writes them
        ("Besok, jam tujuh malam.", T(time(19), "malam")),
        ("Jam setengah delapan pagi.", T(time(7, 30), "pagi")),
        ("Pukul tujuh belas.", T(time(17))),
        ("Jam lima sore.", T(time(17), "sore")),
        ("Jam sembilan pagi sampai jam dua belas siang.", T(time(9), "pagi", time(12))),
        ("kalau bisa hari jumat sore nak sekitar jam tiga", T(time(15), "sore")),
        ("mulai jam 9 nak", T(time(9))),
        ("jam 8 30", T(time(8, 30))),  # "jam delapan tiga puluh"
        ("jam delapan tiga puluh", T(time(8, 30))),
        ("08:30 - 10:30", T(time(8, 30), None, time(10, 30))),
        ("jam 8 pg", T(time(8), "pagi")),
        ("jam 9an", T(time(9))),
        ("jam 10 pagian", T(time(10), "pagi")),
        ("pagi jam 8", T(time(8), "pagi")),
        ("7.30 malam", T(time(19, 30), "malam")),
        ("jam 6 sore", T(time(18), "sore")),
        ("jam 11 malam", T(time(23), "malam")),
        ("jam 24", T(time(0))),
        ("jam 9 10 orang", T(time(9))),
    ],
)
def test_find_time(text: str, expected: TimeFound) -> None:
    assert when.find_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "besok",
        "selamat pagi",
        "Selamat malam, saya mau tanya",
        "2 jam",
        "10 orang",
        "aula kecamatan",
        "5-12-2026",
        "0812 3456 7890",
        "tanggal 05/12",
        "2 jam 30 menit",
    ],
)
def test_no_time(text: str) -> None:
    assert when.find_time(text) is None or when.find_time(text).at is None


@pytest.mark.parametrize("text", ["", "besok", "2 jam", "aula", "tanggal 5 desember"])
def test_no_time_at_all(text: str) -> None:
    assert when.find_time(text) is None


@pytest.mark.parametrize("text", ["jam 25", "jam 30", "pukul 99", "jam 10.75", "jam 8 lewat 70"])
def test_impossible_time(text: str) -> None:
    with pytest.raises(WhenError) as err:
        when.find_time(text)
    assert err.value.code == "time_unknown"


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


def test_periods_one_table() -> None:
    # every default hour lies inside its own part of the day
    for name, (first, end) in when.PERIODS.items():
        assert first <= when.DEFAULT_HOUR[name] < end
        assert when.period_of(time(when.DEFAULT_HOUR[name])) == name
    assert set(when.PERIODS) == {"pagi", "siang", "sore", "malam"}


@pytest.mark.parametrize(
    ("hour", "period", "expected"),
    [
        (7, "malam", 19),
        (12, "malam", 0),
        (3, "sore", 15),
        (1, "siang", 13),
        (12, "siang", 12),
        (7, "pagi", 7),
        (7, None, 7),
        (19, "malam", 19),
    ],
)
def test_hour_in_period(hour: int, period: str | None, expected: int) -> None:
    assert when.hour_in_period(hour, period) == expected


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


@pytest.mark.parametrize("text", ["jam 25", "aula kecamatan", "jam 8 lewat 70"])
def test_errors_never_carry_the_citizens_words(text: str) -> None:
    # a response given a "text" parameter shows it instead of its own text (issue 12)
    with pytest.raises(WhenError) as err:
        when.parse_date(text, TODAY) if "aula" in text else when.find_time(text)
    assert err.value.params == {}


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("besok malam jam 7", date(2026, 12, 3), time(19)),
        ("sabtu minggu depan jam 8 pagi", date(2026, 12, 12), time(8)),
        ("tanggal 5 jam 9", date(2026, 12, 5), time(9)),
        ("jam 10 tanggal 12 desember", date(2026, 12, 12), time(10)),
        ("lusa pukul 15.00", date(2026, 12, 4), time(15)),
        ("05/12 jam 08.00", date(2026, 12, 5), time(8)),
        ("kamis depan jam 10, 10 orang", date(2026, 12, 10), time(10)),
    ],
)
def test_scan_time_leaves_the_date(text: str, day: date, at: time) -> None:
    found, rest = when.scan_time(text)
    assert found is not None and found.at == at
    assert when.find_date(rest, TODAY) == day
