"""Times of day, parts of the day and a time scanned out of a date (core.lang.when). Today is pinned
to Wednesday 2 December 2026."""

from __future__ import annotations

from datetime import date, time

import pytest

from core.lang import when
from core.lang.when import TimeFound, WhenError

TODAY = date(2026, 12, 2)  # a Wednesday


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
