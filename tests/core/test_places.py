"""Where a place said in a sentence ends, and whether anyone could find it."""

from __future__ import annotations

import pytest

from core.lang.places import is_vague, looks_like_place, place_phrase

PROBLEMS = [
    "mati",
    "gelap",
    "numpuk",
    "bau",
    "mampet",
    "tidak diangkut",
    "luber",
    "lampu",
    "rusak",
    "buntu",
]
NAMES = ["Sukasari", "Mekarjaya", "Cibening", "Kota Tengah", "Surabaya"]


@pytest.mark.parametrize(
    ("said", "place"),
    [
        # the known defect: the rest of the sentence was taken as the place
        (
            "jalan depan rumah saya sudah tiga malam ini mati terus, gelap sekali",
            "jalan depan rumah saya",
        ),
        ("depan rumah ibu sudah tiga malam mati, ibu jadi takut", "depan rumah ibu"),
        ("jl kamboja sukasari dari kemarin, airnya luber ke jalan", "jl kamboja sukasari"),
        ("jl kenanga sukasari udah seminggu ga diangkut", "jl kenanga sukasari"),
        (
            "gang sebelah rumah pak RT sudah numpuk, baunya sampai ke rumah",
            "gang sebelah rumah pak RT",
        ),
        ("dekat pos ronda mati, kalau malam gelap", "dekat pos ronda"),
        (
            "Jl. Merdeka depan SDN 2, tidak ada fotonya, jangan ditampilkan",
            "Jl. Merdeka depan SDN 2",
        ),
        ("ngajeng Pasar Cibening, dalane ketutup", "ngajeng Pasar Cibening"),
        ("jl melati 3 hari ini gelap", "jl melati"),
        ("jl srikaya rt 07 sidomulyo min", "jl srikaya rt 07 sidomulyo"),
        # an address goes on after a comma: RT, a kelurahan, a landmark, another city
        ("Jl. Kenari RT 02 RW 05, Sukasari", "Jl. Kenari RT 02 RW 05, Sukasari"),
        (
            "Gang Mawar, dekat Masjid Al Ikhlas, kelurahan Mekarjaya",
            "Gang Mawar, dekat Masjid Al Ikhlas, kelurahan Mekarjaya",
        ),
        ("Jl. Pemuda 12, Surabaya", "Jl. Pemuda 12, Surabaya"),
        ("Jl. Veteran No. 5, nak", "Jl. Veteran No. 5"),
        ("depan rumah ibu", "depan rumah ibu"),
        # a problem word right after "gang" / "jalan" is the street's name
        ("gang buntu jl bromo, lampunya mati", "gang buntu jl bromo"),
        ("jl mahoni hampir jatoh", "jl mahoni"),
        ("Gang Buntu, Sukasari", "Gang Buntu, Sukasari"),
        ("dpn masjid mati udh 2 hari", "dpn masjid"),
        ("sepanjang jalan pasar rusak dan pecah-pecah", "sepanjang jalan pasar"),
        ("jalan rusak dekat pasar", "jalan"),
        # a voice note's full stop said aloud (bench g-02); "titik kumpul" is a place
        (
            "jalan diponegoro nomor dua belas tegalsari titik pohonnya nutupin",
            "jalan diponegoro nomor dua belas tegalsari",
        ),
        ("titik kumpul rw 03 sukasari", "titik kumpul rw 03 sukasari"),
        # the kelurahan ends the address unless more of it follows (bench g-06)
        ("taman jl cut nyak dien sukasari rantainya putus", "taman jl cut nyak dien sukasari"),
        ("Jl. Sukamaju Raya no 5", "Jl. Sukamaju Raya no 5"),
        ("jl melati sukasari rt 03", "jl melati sukasari rt 03"),
    ],
)
def test_the_place_ends_where_the_sentence_goes_on(said: str, place: str) -> None:
    assert place_phrase(said, PROBLEMS, NAMES) == place


@pytest.mark.parametrize(
    "place",
    [
        "depan rumah saya",
        "jalan depan rumah saya",
        "deket pasar",
        "dekat pos ronda",
        "rumah gw",
        "gang sebelah rumah pak RT",
        "lahan kosong sebelah rumah",
        "jalan raya",
    ],
)
def test_places_nobody_could_find(place: str) -> None:
    assert is_vague(place, NAMES)


@pytest.mark.parametrize(
    "place",
    [
        "Jl. Kenari",
        "gang mawar",
        "depan Masjid Al Ikhlas",
        "dekat SDN 2",
        "RT 03 RW 02",
        "perum griya asri blok c2",
        "pasar cibening",
        "depan rumah, Sukasari",
        "jl raya cibening",
        "Kota Tengah",
    ],
)
def test_places_that_can_be_found(place: str) -> None:
    assert not is_vague(place, NAMES)


def test_what_names_a_place_at_all() -> None:
    assert looks_like_place("depan rumah saya") and looks_like_place("dpn masjid")
    assert not looks_like_place("pokoknya sana") and not looks_like_place("hah?")
