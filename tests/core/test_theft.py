"""A theft told by its victim is the police's (core.lang.theft); city property stolen and
papers taken with it are not."""

from __future__ import annotations

import pytest

from core.lang.theft import reports_theft


@pytest.mark.parametrize(
    "said",
    [
        "selamat pagi nak, motor anak ibu hilang dicuri semalam di depan rumah",
        "min motor sy dicuri td subuh di parkiran pasar, gmn ini",
        "hp saya dicopet di angkot",
        "sepeda anak saya ilang dicuri di sekolah",
        "kena tipu arisan online",
        "rumah saya kemalingan",
        "dompet sy dijambret",
    ],
)
def test_a_theft_of_one_s_own(said: str) -> None:
    assert reports_theft(said)


@pytest.mark.parametrize(
    "said",
    [
        "kabel lampu jalan dicuri orang, jalanan gelap",
        "tutup gorong-gorong di jl mawar dicuri, bahaya",
        "besi pagar taman kota dicuri maling",
        "dompet saya dicopet, isinya ktp sama sim, ngurus ktp baru gimana",
        "jalan rusak parah",
        "mau tanya syarat skck",
    ],
)
def test_no_theft_for_the_police(said: str) -> None:
    assert not reports_theft(said)
