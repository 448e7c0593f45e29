"""Digits as the recogniser writes them in connected speech (voice/digit_speech.py). The
written forms are those Whisper base gave for real recorded digit strings."""

from __future__ import annotations

import pytest

from voice.digit_speech import spell, split
from voice.reading import Expects, only_digits, read


@pytest.mark.parametrize(
    ("heard", "digits"),
    [
        ("empat satu nombat nol", "41040"),  # "nol empat" run together
        ("nam kosong lapan kosong kosong nambat", "6080064"),  # colloquial, "enam empat"
        ("nam satu nolapan", "6108"),  # "nol delapan"
        ("namlima lima enam tiga dua nol", "6556320"),  # "enam lima"
        ("lima dela pan no no dela pan no nam", "5800806"),  # "delapan" split in two
        ("tujuh milen lima telapan", "7958"),  # "sembilan" shortened, a near word snapped
        ("Kosong delapan lima tujuh tiga.", "08573"),  # plain words unchanged
    ],
)
def test_every_digit_said_is_counted(heard: str, digits: str) -> None:
    assert only_digits(heard)
    reading = read(heard, Expects(kind="digits"))
    assert reading is not None and reading.understood and reading.value == digits


@pytest.mark.parametrize("word", ["nomor", "nama", "bapak", "semeren", "panas", "dan"])
def test_words_that_are_no_digits_are_not_split(word: str) -> None:
    assert split(word) is None or word == "dan"  # "dan" is a filler, kept as it is
    assert spell(word) == word


def test_a_word_not_made_of_digits_still_makes_the_reading_unsure() -> None:
    assert not only_digits("satu semeren tiga")
    assert not only_digits("milan batin batiga")


@pytest.mark.parametrize(
    ("kind", "heard", "value"),
    [
        # a phone number read in groups, as people do: "tiga ratus empat puluh lima" is 345
        (
            "phone",
            "nol delapan satu dua, tiga ratus empat puluh lima, enam tujuh delapan",
            "0812345678",
        ),
        (
            "phone",
            "Kosong delapan lima dua, dua puluh satu, tiga puluh, sembilan sembilan.",
            "0852213099",
        ),
        ("digits", "dua ratus lima", "205"),
        ("digits", "seratus dua belas", "112"),
        ("digits", "tiga puluh tujuh", "37"),
    ],
)
def test_a_number_said_in_groups_keeps_every_digit(kind: str, heard: str, value: str) -> None:
    assert only_digits(heard)
    reading = read(heard, Expects(kind=kind))
    assert reading is not None and reading.understood and reading.value == value
