"""The phrase tables of the short-answer readers (``core/lang/data/answers_id.txt``) and
the matching they share: a phrase matches whole words, doubled letters forgiven ("iyaa",
"sipp"), hyphens read as spaces."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from core.lang.text import DATA, normalise

ANSWERS_FILE = DATA / "answers_id.txt"
Phrase = tuple[str, ...]


@lru_cache(maxsize=1)
def tables() -> dict[str, list[Phrase]]:
    """The phrase tables by section, longest phrases first."""
    sections: dict[str, list[Phrase]] = {}
    current = None
    for raw in ANSWERS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        if current is not None:
            current.append(tuple(squash(w) for w in normalise(line).replace("-", " ").split()))
    for phrases in sections.values():
        phrases.sort(key=len, reverse=True)
    return sections


def squash(word: str) -> str:
    """Doubled letters as one ("iyaa" -> "iya", "sipp" -> "sip"), on both sides of a match."""
    return re.sub(r"(\w)\1+", r"\1", word)


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every word of every table: what a misspelt word may be corrected to."""
    return frozenset(word for phrases in tables().values() for phrase in phrases for word in phrase)


def _typo_of(word: str, known: str) -> bool:
    """Whether ``word`` is ``known`` with one slip of the thumb: a letter left out inside
    the word ("tdak", "bolh", "rahasa"), two neighbours swapped ("tidka"), or, in longer
    words, one letter wrong ("anonin"). A letter missing at the end ("buka" / "bukan") or a
    wrong first letter is not a typo here: those are often other words."""
    if len(known) == len(word) + 1:
        return any(known[:i] + known[i + 1 :] == word for i in range(1, len(known) - 1))
    if len(known) != len(word) or word[0] != known[0]:
        return False
    diff = [i for i, (a, b) in enumerate(zip(word, known, strict=True)) if a != b]
    if len(diff) == 2 and diff[1] == diff[0] + 1:
        return word[diff[0]] == known[diff[1]] and word[diff[1]] == known[diff[0]]
    return len(diff) == 1 and len(word) >= 6


@lru_cache(maxsize=4096)
def correct(word: str) -> str:
    """A word not in the tables, replaced by the one table word it is a typo of ("tdak" ->
    "tidak", "anonm" -> "anonim", "rahasa" -> "rahasia"); other words stay as they are."""
    vocab = vocabulary()
    if word in vocab or not word.isalpha() or len(word) < 4:
        return word
    found = [known for known in vocab if _typo_of(word, known)]
    return found[0] if len(found) == 1 else word


def phrase_words(clause: str) -> list[str]:
    """The words of a normalised clause as the tables hold them, typos corrected."""
    return [correct(squash(w)) for w in clause.replace("-", " ").split()]


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, dict[str, list[Phrase]]]:
    index: dict[str, dict[str, list[Phrase]]] = {}
    for section, phrases in tables().items():
        for phrase in phrases:  # longest first, as in the tables
            index.setdefault(section, {}).setdefault(phrase[0], []).append(phrase)
    return index


def match(words: Sequence[str], i: int, section: str) -> int:
    """The length of the longest phrase of ``section`` at ``words[i:]`` (0 when none)."""
    if i >= len(words):
        return 0
    for phrase in _by_first_word().get(section, {}).get(words[i], ()):
        if tuple(words[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def strip(words: list[str], section: str) -> list[str]:
    """``words`` without the phrases of ``section`` at their start ("eh", "maaf saya")."""
    while words and (n := match(words, 0, section)):
        words = words[n:]
    return words
