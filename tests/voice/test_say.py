from __future__ import annotations

import datetime as dt

import pytest

from voice.say import number_words, prepare, say_date, say_rupiah, say_time, spell


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (11, "sebelas"),
        (15, "lima belas"),
        (100, "seratus"),
        (1000, "seribu"),
        (1250, "seribu dua ratus lima puluh"),
        (2026, "dua ribu dua puluh enam"),
        (1_500_000, "satu juta lima ratus ribu"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


def test_codes_are_read_in_groups() -> None:
    assert spell("LPR-2026-000123") == "el pe er. dua nol dua enam. nol nol nol. satu dua tiga."
    assert spell("BK-7K3M9Q") == "be ka. tujuh ka tiga. em sembilan ki."


def test_times_dates_and_rupiah() -> None:
    assert say_time(dt.time(15, 0)) == "pukul lima belas"
    assert say_time(dt.time(9, 30)) == "pukul sembilan tiga puluh"
    assert say_date(dt.date(2026, 12, 5)) == "Sabtu, lima Desember"
    assert (
        say_date(dt.date(2026, 12, 5), year=True) == "Sabtu, lima Desember dua ribu dua puluh enam"
    )
    assert say_rupiah(25_000) == "dua puluh lima ribu rupiah"


def test_prepare_free_text() -> None:
    text = prepare(
        "Tiket LPR-2026-000123 dicatat. Jadwal 2026-12-05 pukul 15.30 WIB, "
        "biaya Rp 1.500.000, info 081234567890 atau nomor 112. Untuk 3 orang."
    )
    assert "el pe er. dua nol dua enam. nol nol nol. satu dua tiga. dicatat" in text
    assert "Sabtu, lima Desember dua ribu dua puluh enam" in text
    assert "pukul lima belas tiga puluh" in text
    assert "satu juta lima ratus ribu rupiah" in text
    assert "nol delapan satu dua. tiga empat lima enam. tujuh delapan sembilan nol" in text
    assert "nomor satu, satu, dua" in text
    assert "tiga orang" in text
    assert not any(ch.isdigit() for ch in text)
