"""Whether a message is phrased as a question: a question word ("apa", "bagaimana",
"ke mana", "kapan"), a word with the question particle "-kah" ("bisakah", "adakah"), a
word that asks for information ("menanyakan", "syaratnya", "caranya", "info"), or a
question mark. Read after :func:`core.lang.text.normalise`, so "gmn", "dmn", "nanya" count.

"bagaimana ini?" or "kenapa begini" alone is an exclamation, not a question. A question may
still be a report ("jalan rusak parah, kapan diperbaiki?"): callers decide that from what
the message names, not from this alone.
"""

from __future__ import annotations

from core.lang.answers import QUESTION_WORDS
from core.lang.phrases import strip
from core.lang.text import clauses, word_set

__all__ = ["ASKING_WORDS", "asks", "is_question"]

# Words that ask for information besides the question words proper (also with "-nya":
# "syaratnya", "caranya", "prosedurnya").
ASKING_WORDS = QUESTION_WORDS | word_set(
    "kemana darimana menanyakan tanyakan tanya bertanya info informasi syarat persyaratan"
    " cara prosedur"
)
# Stems that take the question particle "-kah" ("bisakah", "bolehkah", "adakah").
KAH_STEMS = QUESTION_WORDS | word_set("bisa boleh ada harus perlu dapat")
# A clause of only these words (and particles) exclaims: "bagaimana ini", "kenapa begini".
EXCLAIMING = word_set("bagaimana kenapa mengapa ini nih begini gini")
POINTING = word_set("ini nih begini gini")


def _asks(word: str) -> bool:
    if word in ASKING_WORDS:
        return True
    if word.endswith("nya") and word[:-3] in ASKING_WORDS:
        return True
    return word.endswith("kah") and word[:-3] in KAH_STEMS


def _exclaims(words: list[str]) -> bool:
    content = [w for w in words if w in EXCLAIMING or strip([w], "particles")]
    return bool(content) and set(content) <= EXCLAIMING and bool(POINTING & set(content))


def asks(text: str) -> bool:
    """A word that asks, in a clause that is not an exclamation (question marks aside)."""
    for clause in clauses(text):
        words = clause.split()
        if not _exclaims(words) and any(_asks(word) for word in words):
            return True
    return False


def is_question(text: str) -> bool:
    """:func:`asks`, or a question mark."""
    return "?" in (text or "") or asks(text)
