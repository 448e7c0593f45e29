"""Counting syllables in speech by its loudness (voice/syllables.py), for digits said one by
one. The audio here is espeak-ng speech made on the spot; the counts on real recordings are
in BENCHMARKS.md "Voice"."""

from __future__ import annotations

import numpy as np
import pytest

from tests.voice.speech import espeak_wav
from voice import audio, syllables


def _samples(text: str) -> np.ndarray:
    return audio.decode(espeak_wav(text, wpm=110), audio.AudioLimits())


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("empat lima enam empat empat", 10),
        ("nol delapan", 4),
        ("kosong sembilan", 5),
        ("3, 6, 2, 6", 8),
        ("0 8", 4),
    ],
)
def test_a_readings_syllables(text: str, count: int) -> None:
    assert syllables.count(text) == count


@pytest.mark.parametrize(
    "text", ["empat lima enam empat", "nol delapan satu dua", "satu satu satu", "sembilan tiga"]
)
def test_the_peaks_of_speech_count_its_syllables(text: str) -> None:
    assert abs(syllables.nuclei(_samples(text)) - syllables.count(text)) <= 1


def test_a_repeated_digit_word_adds_its_syllables() -> None:
    once = syllables.nuclei(_samples("empat lima enam empat"))
    twice = syllables.nuclei(_samples("empat lima enam empat empat"))
    assert twice - once == 2  # "empat" said once more


def test_silence_and_a_click_have_no_syllables() -> None:
    assert syllables.nuclei(np.zeros(16000, dtype=np.float32)) <= 1
    assert syllables.nuclei(np.zeros(100, dtype=np.float32)) == 0
