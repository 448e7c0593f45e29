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


def phrase_words(clause: str) -> list[str]:
    """The words of a normalised clause as the tables hold them."""
    return [squash(w) for w in clause.replace("-", " ").split()]


def match(words: Sequence[str], i: int, section: str) -> int:
    """The length of the longest phrase of ``section`` at ``words[i:]`` (0 when none)."""
    for phrase in tables()[section]:
        if tuple(words[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def strip(words: list[str], section: str) -> list[str]:
    """``words`` without the phrases of ``section`` at their start ("eh", "maaf saya")."""
    while words and (n := match(words, 0, section)):
        words = words[n:]
    return words
