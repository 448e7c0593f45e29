"""Digits as a recogniser writes them when a resident says a number digit by digit.

Whisper base writes the colloquial forms of the digit words ("mpat", "bat", "nam", "lapan",
"milan") and runs two of them into one word ("nombat" for "nol empat", "namlima" for "enam
lima", "nolapan" for "nol delapan") or splits one ("dela pan"). Read word by word, such a
word is dropped or snapped to one digit, and a digit is lost. :func:`spell` writes every
such form as its digit word, splitting a run-together word into the forms it is made of
and joining a split one, so the digits reader (:mod:`voice.reading`) counts every digit.

Only for an answer the kiosk expects to be digits (a NIK, a phone, a number said digit by
digit): "no" and "bat" are digits there and nowhere else.
"""

from __future__ import annotations

import re
from functools import cache

# the digit words and the forms a recogniser writes for them in connected speech
FORMS: dict[str, tuple[str, ...]] = {
    "nol": ("nol", "no", "nul", "kosong", "kosng"),
    "satu": ("satu", "setu"),
    "dua": ("dua", "duwa"),
    "tiga": ("tiga",),
    "empat": ("empat", "mpat", "pat", "bat", "mbat", "but", "ampat"),
    "lima": ("lima",),
    "enam": ("enam", "nam", "anam"),
    "tujuh": ("tujuh", "tuju"),
    "delapan": ("delapan", "lapan", "dilapan", "dlapan"),
    "sembilan": ("sembilan", "semilan", "milan", "bilan", "mbilan", "milen", "sembilen"),
}
_WORD = {form: digit for digit, forms in FORMS.items() for form in forms}
_LONGEST = max(map(len, _WORD))


@cache
def split(word: str) -> tuple[str, ...] | None:
    """``word`` as the digit words of the fewest forms it is made of ("nombat" -> nol,
    empat); None when it is not made of forms only."""
    if word in _WORD:
        return (_WORD[word],)
    best: tuple[str, ...] | None = None
    for cut in range(2, min(len(word) - 1, _LONGEST) + 1):
        head = _WORD.get(word[:cut])
        rest = split(word[cut:]) if head else None
        if head and rest is not None and (best is None or len(rest) + 1 < len(best)):
            best = (head, *rest)
    return best


def spell(text: str) -> str:
    """``text`` with every digit form written as its digit word, run-together words split
    and a word split in two joined ("dela pan" -> delapan); other words kept as they are."""
    words = re.findall(r"\d+|[^\W\d_]+", text.lower())
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _WORD or word.isdigit():
            out.append(_WORD.get(word, word))
            i += 1
            continue
        # a run of words that are no form: read together first ("dela pan"), else one by one
        end = i
        while end < len(words) and words[end] not in _WORD and not words[end].isdigit():
            end += 1
        joined = split("".join(words[i:end])) if end - i > 1 else None
        if joined is not None:
            out.extend(joined)
        else:
            for one in words[i:end]:
                parts = split(one)
                out.extend(parts if parts is not None else (one,))
        i = end
    return " ".join(out)
