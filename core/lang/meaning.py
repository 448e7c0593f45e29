"""Whether the citizen asks what a question means instead of answering it: "maksudnya apa?",
"gimana maksudnya", "maksudnye ape bang?", "ga ngerti", "kurang paham nak", "apa itu?",
"anonim itu apa?", "anonim teh naon?" (Sundanese), "maksude piye?" (Javanese), "hah gmn?".

A clause asks it when, besides the words that ask (a form of "maksud", "tidak / kurang
ngerti / paham / mengerti / jelas", "bingung", "apa itu", a question word), it holds only
particles, openers, words of address and at most one other word (the thing asked about:
"apa itu anonim"). "maksudnya pipa pdam nya bocor" (a correction) and "alamat rumah saya
atau tempat kejadiannya?" (another question) do not ask it; a message asks it when one of its
clauses does ("gmn maksudnya? alamat rumah sy ato tempat kejadiannya?").
Read after :func:`core.lang.text.normalise` ("ape" is "apa", "gmn" and "kumaha" are
"bagaimana", "ga" is "tidak", "naon" is "apa").
"""

from __future__ import annotations

import re

from core.lang.phrases import match, strip
from core.lang.text import clauses, word_set

__all__ = ["asks_meaning"]

# "maksud", "maksudnya", "maksudnye", "maksude", "maksadna", "mksdny", "mksd"
_MEANING_WORD = re.compile(r"^(?:maksu?d|maksad|mksu?d|mksd)\w{0,4}$")
_NOT = word_set("tidak kurang belum blm")
_UNDERSTAND = word_set(
    "ngerti mengerti paham faham ngartos mudeng mudheng jelas nangkep menangkap ngeh"
)
_CONFUSED = word_set("bingung binggung puyeng")
_ASKING = word_set("apa bagaimana hah")
# words that go with the asking and change nothing: "itu", "tuh", "teh" (Sundanese), "kuwi"
# (Javanese), the question itself ("pertanyaannya"), who is spoken to or about
_FILLERS = word_set(
    "itu tuh teh eta kuwi iku nya ini nih ya yah sih dong deh kak pak bu nak bang min mas mbak "
    "mba om dek saya aku gue abdi kula sy pertanyaan pertanyaannya soal yang tadi halo punten "
    "maaf mohon apaan jadi sebenarnya sebetulnya emang memang"
)
_POINTING = word_set("itu tuh teh eta kuwi iku")
MAX_OTHER_WORDS = 1  # "apa itu anonim": the thing asked about


def _content(words: list[str]) -> list[str]:
    kept = []
    for i, word in enumerate(words):
        if match(words, i, "particles") == 1 or word in _FILLERS:
            continue
        kept.append(word)
    return strip(kept, "openers")


def _asks_in(words: list[str], pointing: bool) -> bool:
    """``words``: a clause's content words; ``pointing``: the clause said "itu" / "tuh" /
    "teh" ("apa itu?", "anonim teh naon?")."""
    if "bukan" in words:  # "bukan itu maksud saya": a correction, not a question
        return False
    meaning = understand = False
    rest: list[str] = []
    skip = 0
    for i, word in enumerate(words):
        if skip:
            skip -= 1
            continue
        if _MEANING_WORD.match(word):
            meaning = True
        elif word in _CONFUSED:
            understand = True
        elif word in _NOT and i + 1 < len(words) and words[i + 1] in _UNDERSTAND:
            understand, skip = True, 1
        elif word not in _ASKING:
            rest.append(word)
    asking = any(w in _ASKING for w in words)
    if understand:  # "ga ngerti", "kurang paham nak", "saya bingung"
        return len(rest) <= MAX_OTHER_WORDS
    if meaning:  # "maksudnya?", "maksudnya apa", not "cibening maksud gue"
        return not rest or (asking and len(rest) <= MAX_OTHER_WORDS)
    # "apa?", "hah gimana?"; "apa itu?", "anonim itu apa?": the thing asked about pointed at
    if not asking or len(words) > 3:
        return False
    return not rest or (pointing and "apa" in words and len(rest) <= MAX_OTHER_WORDS)


def asks_meaning(text: str) -> bool:
    """Whether the message asks what the question just asked means (module docstring)."""
    raw = text or ""
    if raw.startswith("/") or len(raw) > 160:
        return False
    for clause in clauses(raw):
        said = clause.split()
        words = _content(said)
        if words and _asks_in(words, bool(_POINTING & set(said))):
            return True
    return False
