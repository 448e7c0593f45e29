"""Numbers as citizens write or say them: "25", "dua puluh lima", "sebelas", "seratus",
"seribu", "lima belas orang", and digits said one by one ("nol delapan satu dua").

- :func:`parse_number`: a whole message that is one number (count words such as "orang" and
  hedges such as "sekitar" ignored), else None.
- :func:`find_number`: the first number anywhere in a text.
- :func:`digits_from_speech`: every digit said or written, joined ("kosong delapan satu
  dua" -> "0812"); digit words a speech recogniser misspelt next to real digits ("diga",
  "galapan") count as the nearest digit word.
- :func:`number_at`: the building block: a number said in words at one position of a list
  of words (used by voice clean-up too).
"""

from __future__ import annotations

import difflib
import re

from core.lang.text import fold_word, raw_words, word_set

UNITS: dict[str, int] = {
    "nol": 0,
    "kosong": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
# Words that may follow a count and say nothing more ("lima belas orang", "20-an").
COUNT_UNITS = word_set(
    "orang org peserta pemain warga tamu anak buah unit biji lembar kali an orangan"
    " urang tiyang jiwa"  # Sundanese/Minang "urang", Javanese "tiyang": people
)
# Words around a number that only hedge or soften it ("sekitar 20 orang", "kira-kira 10 aja").
HEDGES = word_set(
    "sekitar kira kira-kira kurang lebih kurleb kurleb perkiraan mungkin paling ada sebanyak"
    " jumlahnya jumlah totalnya total yaitu yakni ya saja aja deh kok sih kak pak bu mas mbak"
    " min sekitaran an-an"
    " nak a aa kang akang teh teteh mbah eyang nggih mawon"  # kiosk address, Jv/Sd particles
)
_DIGITS = re.compile(r"^\d+$")
_SUFFIX_AN = re.compile(r"^(\d+)-?an$")


def _at(words: list[str], k: int) -> str:
    return words[k] if k < len(words) else ""


def _below_thousand(words: list[str], i: int) -> tuple[int, int] | None:
    """A number 0..999 said in words starting at ``i``: (value, next index) or None."""
    value, j, seen = 0, i, False
    if _at(words, j) == "seratus":
        value, j, seen = 100, j + 1, True
    elif UNITS.get(_at(words, j), 0) > 0 and _at(words, j + 1) == "ratus":
        value, j, seen = UNITS[words[j]] * 100, j + 2, True
    word = _at(words, j)
    if word == "sepuluh":
        return value + 10, j + 1
    if word == "sebelas":
        return value + 11, j + 1
    if UNITS.get(word, 0) > 0 and _at(words, j + 1) == "belas":
        return value + 10 + UNITS[word], j + 2
    if UNITS.get(word, 0) > 1 and _at(words, j + 1) == "puluh":
        value, j = value + UNITS[word] * 10, j + 2
        if UNITS.get(_at(words, j), 0) > 0:
            return value + UNITS[words[j]], j + 1
        return value, j
    if word in UNITS and not (seen and UNITS[word] == 0):
        return value + UNITS[word], j + 1
    return (value, j) if seen else None


def number_at(words: list[str], i: int) -> tuple[int, int] | None:
    """A whole number said in words (up to the millions) at ``i``: (value, next index)."""
    total, j, found = 0, i, False
    for scale_word, scale in (("juta", 1_000_000), ("ribu", 1000)):
        if scale == 1000 and _at(words, j) == "seribu":
            total, j, found = total + 1000, j + 1, True
            continue
        if scale == 1_000_000 and _at(words, j) == "sejuta":
            total, j, found = total + 1_000_000, j + 1, True
            continue
        part = _below_thousand(words, j)
        if part is not None and _at(words, part[1]) == scale_word:
            total, j, found = total + part[0] * scale, part[1] + 1, True
    if found and UNITS.get(_at(words, j), -1) == 0:
        return total, j  # "seribu nol ..." : the zero starts the next number
    rest = _below_thousand(words, j)
    if rest is not None:
        return total + rest[0], rest[1]
    return (total, j) if found else None


# Every word a number said in words is made of; a regional number word folds into these
# ("opat" -> "empat", "welas" -> "belas", "rolas" -> "dua belas": core/lang lexicons).
NUMBER_WORDS = frozenset(UNITS) | word_set(
    "puluh belas ratus ribu juta sepuluh sebelas seratus seribu sejuta puluhan"
)


def number_words(words: list[str]) -> list[str]:
    """``words`` with each Javanese or Sundanese number word in its Indonesian form ("dua
    welas urang" -> "dua belas urang", "jam opat" -> "jam empat"); other words as they are."""
    out: list[str] = []
    for word in words:
        folded = fold_word(word).split() if word.isalpha() else [word]
        out.extend(folded if folded and set(folded) <= NUMBER_WORDS else [word])
    return out


def _value(words: list[str], i: int) -> tuple[int, int] | None:
    """A number written in digits or said in words at ``i``: (value, next index)."""
    word = words[i]
    if _DIGITS.match(word):
        return int(word), i + 1
    suffix = _SUFFIX_AN.match(word)  # "20an", "20-an"
    if suffix:
        return int(suffix.group(1)), i + 1
    return number_at(words, i)


def parse_number(text: str) -> int | None:
    """The number a whole message says ("25", "dua puluh lima", "lima belas orang"), else None.

    Fractions and decimals ("setengah", "1,5") are not whole numbers: None.
    """
    words = [w for w in number_words(raw_words(text)) if w not in HEDGES]
    if not words:
        return None
    found = _value(words, 0)
    if found is None:
        return None
    value, j = found
    if _at(words, j) == "puluhan" and 0 < value < 10:  # "dua puluhan" -> 20
        value, j = value * 10, j + 1
    elif _at(words, j) == "an":
        j += 1
    if any(w not in COUNT_UNITS for w in words[j:]):
        return None
    return value


def find_number(text: str) -> int | None:
    """The first number in ``text``, written in digits ("25", "1.500") or said in words."""
    words = number_words(raw_words(text))
    for i, word in enumerate(words):
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", word):  # "1.500" written with a thousands dot
            return int(word.replace(".", ""))
        lead = re.match(r"(?:\+|ke-?)?(\d+)", word)
        if lead:
            return int(lead.group(1))
        found = _value(words, i)
        if found is not None:
            return found[0]
    return None


# The words of a number said in groups ("dua puluh lima", "seratus"): never a misheard digit
# ("seratus" is as near to "satu" as "diga" is to "tiga").
SCALE_WORDS = word_set(
    "puluh belas ratus ribu juta sepuluh sebelas seratus seribu sejuta puluhan ratusan"
)


def misheard_digits(words: list[str]) -> list[str]:
    """Digit words the recogniser misspelt ("diga", "galapan", "nor") replaced by the digit
    word they are closest to, but only next to digits already heard: "nama" alone stays, and
    so do the words of a grouped number ("seratus", "dua ratus")."""
    out = list(words)

    def digit(word: str) -> bool:
        return word in UNITS or word.isdigit()

    grew = True
    while grew:  # a word made a digit may make its neighbour one next
        grew = False
        for i, word in enumerate(out):
            if digit(word) or len(word) < 3 or not word.isalpha() or word in SCALE_WORDS:
                continue
            if not any(digit(out[k]) for k in (i - 1, i + 1) if 0 <= k < len(out)):
                continue
            close = difflib.get_close_matches(word, list(UNITS), n=1, cutoff=0.66)
            if close:
                out[i] = close[0]
                grew = True
    return out


def speech_tokens(text: str) -> list[str]:
    """Lower-case words and numbers of a transcript, separators inside numbers dropped
    ("0812-3456" -> "08123456"), "+" kept as its own token."""
    out: list[str] = []
    for word in raw_words(text):
        if word.startswith("+"):
            out.append("+")
            word = word[1:]
        compact = re.sub(r"[.,:/-]", "", word)
        out.append(compact if compact.isdigit() else word)
    return out


def digits_from_speech(text: str) -> str:
    """Every digit said or written in ``text``, joined ("nol delapan satu dua" -> "0812",
    "plus enam dua delapan" -> "+628"); "" when there is none."""
    words = misheard_digits(speech_tokens(text))
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in ("plus", "tambah", "+") and not out:
            out.append("+")
            i += 1
            continue
        if word.isdigit():
            out.append(word)
            i += 1
            continue
        found = number_at(words, i)
        if found is not None:
            out.append(str(found[0]))
            i = found[1]
            continue
        i += 1
    joined = "".join(out)
    return joined if any(ch.isdigit() for ch in joined) else ""


_WORD_STARTS = (set(UNITS) - {"kosong"}) | {"sepuluh", "sebelas", "seratus", "seribu", "sejuta"}


_ROUGHLY = re.compile(r"\b((?:se)?(?:puluh|belas|ratus))an\b")


def words_to_digits(text: str) -> str:
    """``text`` (already normalised) with every number said in words written in digits:
    "jam tujuh malam" -> "jam 7 malam", "dua puluh lima orang" -> "25 orang"; a round number
    said roughly keeps its "-an": "sepuluhan orang" -> "10 an orang" (as "10-an orang")."""
    words = _ROUGHLY.sub(r"\1 an", text).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        found = number_at(words, i) if words[i] in _WORD_STARTS else None
        if found is None:
            out.append(words[i])
            i += 1
            continue
        out.append(str(found[0]))
        i = found[1]
    return " ".join(out)
