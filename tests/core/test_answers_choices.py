"""Choices and privacy levels as citizens type or say them (core.lang.answers)."""

from __future__ import annotations

import pytest

from core.lang import answers

SUMMARY = ["Ya, pesan", "Ubah", "Batal"]
SLOTS = ["08.00", "09.00", "10.00", "13.00"]
COURTS = ["Lapangan Tenis A", "Lapangan Tenis B", "Aula Serbaguna", "Ruang Rapat Perpustakaan"]
FACILITIES = ["Aula Kecamatan", "Lapangan Tenis", "Ruang Rapat Perpustakaan", "GOR Sukamaju"]


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("ya pesan", SUMMARY, 0),
        ("Ya, pesan", SUMMARY, 0),
        ("ya, pesan.", SUMMARY, 0),
        ("YA PESAN", SUMMARY, 0),
        ("ya pesn", SUMMARY, 0),
        ("yang pertama", SUMMARY, 0),
        ("pilihan pertama", SUMMARY, 0),
        ("nomor 2", SUMMARY, 1),
        ("no. 2", SUMMARY, 1),
        ("2", SUMMARY, 1),
        ("yang kedua", SUMMARY, 1),
        ("yang ketiga", SUMMARY, 2),
        ("yang terakhir", SUMMARY, 2),
        ("satu", SUMMARY, 0),
        ("ubah", SUMMARY, 1),
        ("ubah saja", SUMMARY, 1),
        ("batal", SUMMARY, 2),
        ("yang ke-2", SUMMARY, 1),
        ("nomer 3", SUMMARY, 2),
        ("pilih 1", SUMMARY, 0),
        ("08.00", SLOTS, 0),
        ("yang 09.00", SLOTS, 1),
        ("yang terakhir aja", SLOTS, 3),
        ("aula", FACILITIES, 0),
        ("aula kecamatan", FACILITIES, 0),
        ("lapangan tenis", FACILITIES, 1),
        ("lapangan tennis", FACILITIES, 1),
        ("saya mau pakai ruang rapat perpustakaan", FACILITIES, 2),
        ("perpustakaan", FACILITIES, 2),
        ("gor", FACILITIES, 3),
        ("jam 7", ["06.00", "07.00", "08.00"], 1),
        ("yang jam tujuh", ["06.00", "07.00", "08.00"], 1),
        ("8", ["06.00", "07.00", "08.00", "09.00"], 2),
        ("pilih yang jam 9 aja", ["06.00", "07.00", "08.00", "09.00"], 3),
        ("jam 7 malam", ["07.00", "19.00"], 1),
        ("tenis a", COURTS, 0),
        ("lapangan tenis yang b", COURTS, 1),
        ("perpus", COURTS, 3),
        ("yang aula aja", COURTS, 2),
        ("yang keempat", FACILITIES, 3),
    ],
)
def test_pick_choice(text: str, options: list[str], expected: int) -> None:
    assert answers.pick_choice(text, options) == expected


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("", SUMMARY),
        ("yang kelima", SUMMARY),
        ("nomor 9", SUMMARY),
        ("0", SUMMARY),
        ("kolam renang", FACILITIES),
        ("hmm saya bingung", SUMMARY),
        ("yang pertama", []),
        ("ruang", ["Ruang Rapat A", "Ruang Rapat B"]),
        ("tenis", COURTS),
        ("lapangan tenis", ["Lapangan Tenis A", "Lapangan Tenis B"]),  # equally close: ask
        ("jam 10", ["06.00", "07.00", "08.00"]),
    ],
)
def test_pick_choice_unclear(text: str, options: list[str]) -> None:
    assert answers.pick_choice(text, options) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anonim", "anonim"),
        ("anonim aja", "anonim"),
        ("Anonim saja pak", "anonim"),
        ("jangan tampilkan nama saya", "anonim"),
        ("sembunyikan identitas saya", "anonim"),
        ("rahasiakan identitas", "anonim"),
        ("rahasiakan identitas saya", "anonim"),
        ("tolong rahasiakan nama saya", "anonim"),
        ("tanpa nama", "anonim"),
        ("identitas dirahasiakan", "anonim"),
        ("nama saya jangan disebut", "anonim"),
        ("nama disamarkan saja", "anonim"),
        ("rahasia", "rahasia"),
        ("rahasia aja", "rahasia"),
        ("dirahasiakan", "rahasia"),
        ("jangan dipublikasikan", "rahasia"),
        ("jangan ditampilkan ke publik", "rahasia"),
        ("tidak untuk umum", "rahasia"),
        ("tertutup", "rahasia"),
        ("privat", "rahasia"),
        ("laporan pribadi", "rahasia"),
        ("hanya untuk petugas", "rahasia"),
        ("biasa", "biasa"),
        ("biasa aja", "biasa"),
        ("publik", "biasa"),
        ("umum", "biasa"),
        ("boleh ditampilkan", "biasa"),
        ("tidak apa-apa", "biasa"),
        ("gpp ditampilkan", "biasa"),
        ("terserah", "biasa"),
        ("tidak usah anonim", "biasa"),
        ("nggak perlu dirahasiakan", "biasa"),
        ("anonm", "anonim"),  # typos
        ("anonin aja", "anonim"),
        ("rahasa", "rahasia"),
        ("mohon nama saya jangan ditampilkan nak", "anonim"),
        ("saya mau tanpa nama saja nak", "anonim"),
        ("tolong dirahasiakan saja nak, saya takut", "rahasia"),
        # the report kept from the public and the identity hidden: rahasia hides both
        ("tolong jangan ditampilkan ke publik, rahasiakan identitas saya", "rahasia"),
        ("biasa saja nak, tidak apa-apa dilihat orang", "biasa"),
    ],
)
def test_privacy_choice(text: str, expected: str) -> None:
    assert answers.privacy_choice(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "apa bedanya?",
        "lampu mati",
        "0812 3456 7890",
        "oh nggih, truk sampah niku biasane lewat dinten menapa to?",  # asks: no "ya" = biasa
    ],
)
def test_privacy_choice_unclear(text: str) -> None:
    assert answers.privacy_choice(text) is None


def test_a_bare_number_is_the_button_with_that_number() -> None:
    # bench f-18: "3" to "berapa lama?" with [2 jam][3 jam][4 jam][5 jam] booked 4 hours
    lengths = ["2 jam", "3 jam", "4 jam", "5 jam"]
    assert answers.pick_choice("3", lengths) == 1
    assert answers.pick_choice("3 jam", lengths) == 1
    days = ["Kamis, 3 Desember 2026", "Jumat, 4 Desember 2026", "Sabtu, 5 Desember 2026"]
    assert answers.pick_choice("4", days) == 1
    # no title has the number: the ordinal, as before
    assert answers.pick_choice("2", ["Lapangan Tenis A", "Lapangan Tenis B"]) == 1


def test_a_shared_word_does_not_pick_a_title_of_the_other_polarity() -> None:
    """Probe: "nanti saya foto" (I will take one later) at [Tidak ada foto] was taken as that
    button and the report went on without its photo; "jangan anonim" is not [Anonim]."""
    assert answers.pick_choice("nanti saya foto", ["Tidak ada foto"]) is None
    assert answers.pick_choice("saya kirim foto", ["Tidak ada foto"]) is None
    assert answers.pick_choice("gak ada fotonya", ["Tidak ada foto"]) == 0
    assert answers.pick_choice("jangan anonim", ["Biasa", "Anonim", "Rahasia"]) is None
    assert answers.pick_choice("anonim aja", ["Biasa", "Anonim", "Rahasia"]) == 1
    assert answers.pick_choice("yang tidak usah", ["Ya, boleh", "Tidak usah"]) == 1
