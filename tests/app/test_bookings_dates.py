"""Indonesian dates and times as citizens write them (clock pinned to Monday
23 November 2026, 14.00 WIB)."""

from datetime import date, datetime, time

import pytest

from app.services.dates_id import (
    TZ,
    DateTimeError,
    find_date,
    format_date,
    parse_date,
    parse_duration_minutes,
    parse_people,
    parse_time,
    parse_when,
)

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "day", "at", "period"),
    [
        ("besok", date(2026, 11, 24), None, None),
        ("lusa", date(2026, 11, 25), None, None),
        ("sabtu", date(2026, 11, 28), None, None),
        ("sabtu pagi", date(2026, 11, 28), None, "pagi"),
        ("sabtu depan", date(2026, 12, 5), None, None),
        ("hari jum'at", date(2026, 11, 27), None, None),
        ("tanggal 5 Desember", date(2026, 12, 5), None, None),
        ("tgl 5 des jam 8", date(2026, 12, 5), time(8), None),
        ("besok jam 3 sore", date(2026, 11, 24), time(15), None),
        ("lusa pukul 15.00", date(2026, 11, 25), time(15), None),
        ("jam setengah 4 sore", None, time(15, 30), None),
        ("jam 7 malam", None, time(19), None),
        ("jam 12 siang", None, time(12), None),
        ("jam 9.30 pagi", None, time(9, 30), None),
        ("3 hari lagi siang", date(2026, 11, 26), None, "siang"),
        ("28/11/2026 16:00", date(2026, 11, 28), time(16), None),
        ("5 Januari", date(2027, 1, 5), None, None),  # next year's January
        ("sore ini", None, None, "sore"),
    ],
)
def test_parse_when(text, day, at, period):
    assert (parse_when(text, NOW).day, parse_when(text, NOW).at, parse_when(text, NOW).period) == (
        day,
        at,
        period,
    )


def test_impossible_and_past_dates_refused_clearly():
    with pytest.raises(DateTimeError) as err:
        parse_date("31 Februari", NOW)
    assert err.value.code == "date_invalid"
    assert err.value.params == {"day": 31, "month": "Februari", "last_day": 28}
    with pytest.raises(DateTimeError) as err:
        parse_date("kemarin", NOW)
    assert err.value.code == "date_past" and err.value.params["date"] == "Minggu, 22 November 2026"
    with pytest.raises(DateTimeError) as err:
        parse_date("tanggal 20 November 2026", NOW)
    assert err.value.code == "date_past"
    with pytest.raises(DateTimeError) as err:
        parse_date("pokoknya secepatnya", NOW)
    assert err.value.code == "date_unknown"
    assert parse_date("29 Februari 2028", NOW) == date(2028, 2, 29)  # a leap year


def test_times_durations_people():
    assert parse_time("jam 3") == time(15)  # facilities open 06-22: "jam 3" is afternoon
    assert parse_time("08.00") == time(8)
    assert parse_time("pukul 15.00 WIB") == time(15)
    with pytest.raises(DateTimeError):
        parse_time("kapan saja")
    assert parse_duration_minutes("2 jam") == 120
    assert parse_duration_minutes("1,5 jam") == 90
    assert parse_duration_minutes("dua jam") == 120
    assert parse_duration_minutes("90 menit") == 90
    assert parse_duration_minutes("2") == 120  # "berapa lama?" "2"
    assert parse_duration_minutes("60") == 60  # the form's stored value, validated again
    assert parse_people("untuk 10 orang") == 10
    assert parse_people("sepuluh") == 10
    assert parse_people("banyak") is None


def test_numbers_that_are_not_dates():
    today = NOW.date()
    for text in ("2 jam", "10 orang", "0812 3456 7890", "Budi Santoso"):
        assert find_date(text, today) is None


def test_format_date():
    assert format_date(date(2026, 11, 28)) == "Sabtu, 28 November 2026"
