"""A weekday asked about, and whether a knowledge-base field's opening days include it
(core/lang/open_days.py, bench k-08)."""

import pytest

from core.lang.open_days import day_asked, open_on

DUKCAPIL = "Disdukcapil Kota Contoh, Jl. Merdeka No. 10, Senin-Jumat 08.00-15.00; atau kecamatan."
OFFICES = (
    "Senin-Kamis 08.00-15.00 dan Jumat 08.00-11.30; Mal Pelayanan Publik juga Sabtu 08.00-12.00."
)


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("eee kantornya itu hari sabtu buka tidak nak", 5),
        ("kalau sabtu?", 5),
        ("jumat bisa ga", 4),
        ("kalau minggu buka?", 6),
        ("hari minggu tutup ya", 6),
        ("dinten saptu buka?", 5),  # Sundanese
        ("minggu depan buka?", None),  # a week, not Sunday
        ("senin atau selasa?", None),  # two days: no single answer
        ("jam berapa bukanya", None),
    ],
)
def test_the_day_asked(said: str, day: int | None) -> None:
    assert day_asked(said) == day


def test_opening_days_of_a_field() -> None:
    assert [open_on(DUKCAPIL, d) for d in range(7)] == [True] * 5 + [False, False]
    assert open_on(OFFICES, 5) is True and open_on(OFFICES, 6) is False
    assert open_on("Puskesmas, setiap hari 24 jam", 6) is True
    assert open_on("Kantor kelurahan setempat", 5) is None  # no day written: nothing said
