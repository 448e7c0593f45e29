"""core.lang.questions: whether a message is phrased as a question."""

from __future__ import annotations

import pytest

from core.lang.questions import asks, is_question


@pytest.mark.parametrize(
    "text",
    [
        "Mohon maaf, saya ingin menanyakan alamat kantor Balai Kota",
        "ke mana permohonan pemangkasan pohon ditujukan",
        "truk sampah lewat seminggu berapa kali ya",
        "gmn caranya daftar umkm",
        "syaratnya apa aja",
        "bisakah saya urus sendiri",
        "mau nanya jam buka kantor kecamatan",
        "mohon info tinggi muka air hari ini",
        "apakah bisa diwakilkan",
        "bagaimana ini caranya",
    ],
)
def test_asking_words(text: str) -> None:
    assert asks(text)
    assert is_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "lampu jalan mati di depan rumah",
        "bagaimana ini, sampah menumpuk di gang",
        "gimana nih pak, lampu mati terus",
        "kenapa begini",
        "saya mau langkah berikutnya",  # "-kah" only on a question word's stem
        "mau nikah bulan depan",
    ],
)
def test_statements_and_exclamations_do_not_ask(text: str) -> None:
    assert not asks(text)


def test_a_question_mark_alone_is_a_question_but_no_asking_word() -> None:
    assert is_question("alamat balai kota?")
    assert not asks("alamat balai kota?")
    assert not is_question("alamat balai kota")
