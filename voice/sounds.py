"""Whether a heard word sounds like an answer word, for a closed set of answers (yes/no).

A recogniser unsure of a short word writes one that sounds like it: "Perum" or "Berum" for
"belum", "Bole" for "boleh", "Bedul" for "betul". The letters differ where Indonesian
speakers (and the model) blur sounds: voiced and voiceless pairs (b/p, d/t, g/k, j/c,
f/v/p, s/z), l and r, an h or a final k that is hardly said, a long vowel, a glide between
two vowels ("iya", "duwa"). :func:`key` writes a word with exactly those differences
folded away; :func:`same_sound` takes an answer only when the heard word's key is that
answer's key and no answer with another value shares it. A word one more sound away
("perlu", "masuk", "kasih": real words near "belum", "mau", "gas") is no answer: the
citizen is asked again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

# one letter for each group of letters heard alike (after lower-casing)
_FOLD = str.maketrans(
    {"p": "b", "f": "b", "v": "b", "t": "d", "k": "g", "q": "g", "c": "j", "z": "s", "r": "l"}
)
MIN_KEY = 3  # shorter keys ("la", "ia") are shared by too many words and particles


@cache
def key(word: str) -> str:
    """``word`` as it sounds: letters only, doubled letters once, a final k after a vowel
    and every h dropped, a glide between vowels dropped, alike letters folded ("Perum" ->
    "belum", "tidak" -> "dida", "iyah" -> "ia")."""
    w = re.sub(r"[^a-z]", "", word.lower())
    w = re.sub(r"(.)\1+", r"\1", w)
    w = re.sub(r"(?<=[aeiou])k$", "", w)  # the final glottal stop: "tidak" ~ "tida"
    w = w.replace("h", "")
    w = re.sub(r"(?<=[aeiou])[yw](?=[aeiou])", "", w)  # "iya" ~ "ia", "duwa" ~ "dua"
    w = w.translate(_FOLD)
    return re.sub(r"(.)\1+", r"\1", w)


def same_sound(word: str, answers: Mapping[str, object]) -> object | None:
    """The value of the answer words ``word`` sounds the same as (see :func:`key`); None
    when it sounds like none, like answers of different values, or is too short to tell."""
    heard = key(word)
    if len(heard) < MIN_KEY:
        return None
    values = {value for said, value in answers.items() if key(said) == heard}
    return values.pop() if len(values) == 1 else None
