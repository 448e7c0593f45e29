"""Colloquial Indonesian -> standard Indonesian, word by word (no Rasa imports).

Shared by the Rasa pipeline (:mod:`bot.components.normalizer`, Python 3.10) and the app's
lexical search (:mod:`app.services.knowledge`). The lexicon is data:
``bot/components/colloquial_id.txt`` (one ``slang standard...`` pair per line).

Rules, in order, for one lower-cased word:
1. letters repeated three or more times collapse to one ("tolonggg" -> "tolong");
2. a trailing "2" marks reduplication ("anak2" -> "anak anak");
3. the lexicon maps the word to its standard form (which may be several words).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

LEXICON_PATH = Path(__file__).with_name("colloquial_id.txt")

_REPEAT = re.compile(r"([a-z])\1{2,}")
_REDUP = re.compile(r"^([a-z]{2,})2$")
_WORD = re.compile(r"[\w@#&./:+-]+", re.UNICODE)


def load_lexicon(path: Optional[Path] = None) -> Dict[str, str]:
    """Read ``slang standard`` pairs; comments (#) and blank lines are skipped."""
    lexicon: Dict[str, str] = {}
    for raw in (path or LEXICON_PATH).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) == 2 and parts[0].lower() != parts[1].strip().lower():
            lexicon[parts[0].lower()] = parts[1].strip().lower()
    return lexicon


@lru_cache(maxsize=1)
def default_lexicon() -> Dict[str, str]:
    return load_lexicon()


def normalize_word(word: str, lexicon: Optional[Dict[str, str]] = None) -> List[str]:
    """The standard form of one word, as a list of words (usually one).

    Returns ``[word]`` unchanged (original case kept) when no rule applies.
    """
    lex = default_lexicon() if lexicon is None else lexicon
    low = word.lower()
    collapsed = _REPEAT.sub(r"\1", low)
    if collapsed in lex:
        return lex[collapsed].split()
    if low in lex:
        return lex[low].split()
    m = _REDUP.match(collapsed)
    if m:
        base = lex.get(m.group(1), m.group(1))
        return [base, base]
    if collapsed != low:
        return [collapsed]
    return [word]


# Indonesian letter names, as speech recognition writes a spelt-out abbreviation
# ("ka te pe" = KTP, "es ka ce ka" = SKCK, "pe be be" = PBB).
LETTER_NAMES = {
    "a": "a", "be": "b", "ce": "c", "de": "d", "e": "e", "ef": "f", "ge": "g", "ha": "h",
    "i": "i", "je": "j", "ka": "k", "el": "l", "em": "m", "en": "n", "o": "o", "pe": "p",
    "ki": "q", "er": "r", "es": "s", "te": "t", "u": "u", "ve": "v", "we": "w", "eks": "x",
    "ye": "y", "zet": "z",
}  # fmt: skip
_VOWELS = frozenset("aeiou")


def letter_runs(words: List[str]) -> List[Tuple[int, int, str]]:
    """(first, last + 1, acronym) for each run of two or more letter names that holds a
    consonant ("ka ka" -> "kk", "ka i a" -> "kia"); a run of vowels alone is left as it is."""
    runs: List[Tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j].lower() in LETTER_NAMES:
            j += 1
        letters = "".join(LETTER_NAMES[w.lower()] for w in words[i:j])
        if j - i >= 2 and set(letters) - _VOWELS:
            runs.append((i, j, letters))
        i = max(j, i + 1)
    return runs


def normalize_text(text: str, lexicon: Optional[Dict[str, str]] = None) -> str:
    """Normalise a whole message (used for lexical search and the emergency check). A
    spelt-out abbreviation stays as spelt: the lexicon is not applied to it."""
    out: List[str] = []
    words = [w for w in (w.strip(".,:/+-") for w in _WORD.findall(text.lower())) if w]
    done = 0
    for start, end, acronym in letter_runs(words):
        for word in words[done:start]:
            out.extend(normalize_word(word, lexicon))
        out.append(acronym)
        done = end
    for word in words[done:]:
        out.extend(normalize_word(word, lexicon))
    return " ".join(w for w in out if w)


def spans(text: str) -> List[Tuple[str, int, int]]:
    """Words of ``text`` with their character offsets (used by tests)."""
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
