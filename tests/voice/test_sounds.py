"""A word that sounds like a yes or a no (voice/sounds.py): the folds Indonesian speech and
the recogniser blur, and the words one sound further that must stay unread."""

from __future__ import annotations

from datetime import date

import pytest

from voice import sounds
from voice.reading import Expects, read

YES_NO = Expects(kind="yes_no")


@pytest.mark.parametrize(
    ("heard", "word"),
    [
        ("Perum", "belum"),  # p/b, r/l (espeak-ng "belum" as Whisper base wrote it)
        ("Berum", "belum"),
        ("Bole", "boleh"),  # the h hardly said
        ("Bedul", "betul"),  # d/t
        ("Sutah", "sudah"),
        ("Tidaak", "tidak"),  # a long vowel
        ("Pukan", "bukan"),
    ],
)
def test_alike_sounds_share_a_key(heard: str, word: str) -> None:
    assert sounds.key(heard) == sounds.key(word)


@pytest.mark.parametrize(
    ("heard", "value"), [("Perum.", False), ("Berum.", False), ("Bole.", True), ("Bedul!", True)]
)
def test_a_yes_or_no_heard_as_a_word_of_the_same_sounds(heard: str, value: bool) -> None:
    reading = read(heard, YES_NO, date(2026, 12, 3))
    assert reading.understood and reading.value is value


@pytest.mark.parametrize(
    "heard",
    # real words one sound from an answer ("perlu" is near "belum" but means yes to "perlu
    # dihubungi?"), a particle, a grunt, a word like two answers: asked again
    ["perlu", "masuk", "kasih", "hari", "Lah.", "Eh.", "Merum.", "Boatlah."],
)
def test_a_word_one_sound_further_is_asked_again(heard: str) -> None:
    assert not read(heard, YES_NO, date(2026, 12, 3)).understood


def test_an_answer_shared_by_yes_and_no_words_is_no_answer() -> None:
    assert sounds.same_sound("pelum", {"belum": False, "pelum": True}) is None
    assert sounds.same_sound("pelum", {"belum": False}) is False
    assert sounds.same_sound("la", {"ra": False}) is None  # too short to tell
