"""Normalisation shared by the language core (core.lang.text)."""

from __future__ import annotations

import pytest

from core.lang import text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Gak", "tidak"),
        ("ga", "tidak"),
        ("nggak", "tidak"),
        ("enggak", "tidak"),
        ("ndak", "tidak"),
        ("tak", "tidak"),
        ("udh", "sudah"),
        ("yg", "yang"),
        ("sy", "saya"),
        ("bsk", "besok"),
        ("jm", "jam"),
        ("tgl", "tanggal"),
        ("dgn", "dengan"),
        ("krn", "karena"),
        ("bsk jm 7 mlm", "besok jam 7 malam"),
        ("Iyaaa  boleh!!!", "iya boleh"),
        ("anak2", "anak anak"),
        ("Jum'at depan", "jumat depan"),
        ("pukul 15.00 WIB", "pukul 15.00 wib"),
        ("1,5 jam", "1,5 jam"),
        ("05/12/2026", "05/12/2026"),
        ("0812-3456-7890", "0812-3456-7890"),
        ("LPR-2026-000123", "lpr-2026-000123"),
        ("tidak apa-apa", "tidak apa-apa"),
        ("gpp", "tidak apa-apa"),
        ("jam 9 s/d 11", "jam 9 sampai 11"),
        ("jam 9 s.d. 11", "jam 9 sampai 11"),
        ("30 mnt", "30 menit"),
        ("ok, makasih.", "ok terima kasih"),
        ("", ""),
        ("?!", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert text.normalise(raw) == expected


def test_clauses_split_at_punctuation_not_inside_numbers() -> None:
    assert text.clauses("iya boleh, 0857.1234.5678! makasih") == [
        "iya boleh",
        "0857.1234.5678",
        "terima kasih",
    ]


def test_core_lexicon_overrides_project_lexicon() -> None:
    # the project's lexicon folds "lpr" to "lapor" (for intent classification); codes need it whole
    assert text.normalise("lpr") == "lpr"


def test_an_address_abbreviation_ends_no_clause() -> None:
    # "Jl." split "jalan di Jl. Cempedak ada lubang" in two: no thing and problem together
    assert text.clauses("jalan di Jl. Cempedak Sukamaju ada lubang gede, kemarin ada motor") == [
        "jalan di jalan cempedak sukamaju ada lubang besar",
        "kemarin ada motor",
    ]
    assert text.clauses("Gg. Mawar No. 5. Sudah seminggu.") == [
        "gg mawar nomor 5",
        "sudah seminggu",
    ]


def test_speech_fillers_are_dropped() -> None:
    said = "eee di jalan cempaka wangi eee nomor dua belas anu sukasari"
    assert text.drop_fillers(said) == "di jalan cempaka wangi nomor dua belas sukasari"
    assert text.drop_fillers("hmm, di gg mawar") == "di gg mawar"
    assert text.drop_fillers("Jl. Anugerah, jalan Emmy Saleh") == "Jl. Anugerah, jalan Emmy Saleh"
