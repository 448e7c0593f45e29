"""Plain descriptions of a problem, in citizens' words, are recognised (issue 12)."""

from __future__ import annotations

import pytest

from app.services.complaints import recognise_category

CASES = [
    ("lampu di depan gang rumah saya sudah tiga hari tidak menyala", "lampu_jalan"),
    ("lampunya yang di pojokan dekat masjid itu mati total", "lampu_jalan"),
    ("pak, lampu yang di ujung jalan kami itu gak nyala2 udah seminggu", "lampu_jalan"),
    ("jalanan gelap karena lampunya padam", "lampu_jalan"),
    ("jalan di depan sekolah banyak lubangnya", "jalan_rusak"),
    ("aspal di jl kenanga udah pada ngelupas dan bolong", "jalan_rusak"),
    ("air pdam ga ngalir dari kemarin", "air_bersih"),
    ("air di rumah saya keruh dan bau sejak pagi", "air_bersih"),
    ("rumah saya kebanjiran tiap hujan, saluran tersumbat", "banjir_drainase"),
    ("got depan rumah mampet penuh sampah plastik", "banjir_drainase"),
    ("ada pohon besar di pinggir jalan yang hampir jatuh", "pohon_tumbang"),
    ("dahan pohon mangga di taman patah menghalangi orang lewat", "pohon_tumbang"),
    ("sampah di dekat pasar sudah seminggu tidak diangkut", "sampah"),
    ("tong sampah di rt kami penuh dan meluber", "sampah"),
    ("banyak pedagang berjualan sembarangan di trotoar", "ketertiban"),
    ("tiap malam ada motor balap liar di jalan raya", "ketertiban"),
    ("ayunan di taman kota patah, bahaya untuk anak", "fasilitas_umum"),
    # bench g-06, g-10: not recognised, the category buttons were shown twice
    ("ayunan taman rantainya putus", "fasilitas_umum"),
    ("pedagang buka lapak di trotoar", "ketertiban"),
    ("kabel lampu jalan putus", "lampu_jalan"),
    ("ada bangkai tikus di selokan, baunya busuk sekali", "kesehatan_lingkungan"),
    ("petugas di kantor kelurahan minta uang untuk urus surat", "layanan_publik"),
    # probe c1: a visitor writing English (the reply stays Indonesian)
    ("I want to report a broken streetlight", "lampu_jalan"),
    ("the street lamp near my house is not working", "lampu_jalan"),
    # bench w-10: a leaking bus-stop roof got the category buttons twice
    ("atap halte bus di jl kakatua bocor parah kl ujan", "fasilitas_umum"),
]
NOT_A_PROBLEM = ["saya mau tanya", "tolong", "halo selamat pagi", "jalan melati rt 03"]


@pytest.mark.parametrize(("text", "code"), CASES)
def test_plain_descriptions(text: str, code: str) -> None:
    assert recognise_category(text) == code


@pytest.mark.parametrize("text", NOT_A_PROBLEM)
def test_no_category_without_a_problem(text: str) -> None:
    assert recognise_category(text) is None


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("di Jl. Jambu RT 01 RW 02 Kebonsari, nak", "Jl. Jambu RT 01 RW 02 Kebonsari"),
        ("lokasinya jalan mawar rt 2 sukamaju, ya pak", "jalan mawar rt 2 sukamaju"),
        ("Jl. Melati Gang Mas, Sukamaju", "Jl. Melati Gang Mas, Sukamaju"),
        ("Sukamaju, Jl. Melati Gang Mas", "Sukamaju, Jl. Melati Gang Mas"),
    ],
)
def test_address_without_the_words_around_it(text: str, address: str) -> None:
    from app.services.complaints import place_from_text

    assert place_from_text(text).address == address
