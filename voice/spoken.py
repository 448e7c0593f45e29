"""Transcript clean-up before understanding: spoken numbers to digits where the bot expects them.

Whisper writes what it hears: "nol delapan satu dua tiga ..." for a phone number, "jam tiga
sore" for a time. The bot's parsers want ``0812 3...`` and ``15:00`` (dateparser does not read
"jam 3 sore"). ``normalize(text, expect)`` rewrites the transcript for what the current
question expects:

- ``phone``, ``nik``: every digit said ("nol", "kosong", "delapan belas", "dua puluh") or
  written, joined: ``081234567890``; "plus enam dua" keeps its ``+``. Digit words the
  recogniser misspelt next to other digits ("diga", "galapan") count as the nearest digit.
- ``code``: letters by their Indonesian names ("be ka", "el pe er") and digits, joined and
  shaped like our codes: ``BK-7K3M9Q``, ``LPR-2026-000123``.
- ``date``: number words to numbers ("lima desember dua ribu dua puluh enam" -> "5 desember
  2026"), and times as below.
- ``time``: "jam tiga sore" -> "jam 15:00", "setengah empat sore" -> "15:30", "jam sepuluh
  lewat lima belas" -> "jam 10:15", "jam tiga kurang seperempat" -> "jam 02:45".
- none: times as above, and runs of four or more single digits said one by one become digits.

Hand-written (no maintained Indonesian inverse-text-normalisation library installs here).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

UNITS = {
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
LETTERS = {
    "a": "A",
    "be": "B",
    "ce": "C",
    "se": "C",
    "de": "D",
    "e": "E",
    "ef": "F",
    "ge": "G",
    "ha": "H",
    "i": "I",
    "je": "J",
    "ka": "K",
    "el": "L",
    "em": "M",
    "en": "N",
    "o": "O",
    "pe": "P",
    "ki": "Q",
    "kiu": "Q",
    "er": "R",
    "es": "S",
    "te": "T",
    "u": "U",
    "ve": "V",
    "fe": "V",
    "we": "W",
    "eks": "X",
    "ye": "Y",
    "zet": "Z",
}
PERIODS = ("pagi", "siang", "sore", "petang", "malam", "subuh", "dini")
TIME_WORDS = ("jam", "pukul")
EXPECTS = ("phone", "nik", "code", "date", "time")
_WORD = re.compile(r"[^\W_]+|\+", re.UNICODE)


@dataclass(frozen=True)
class _Tok:
    word: str  # lower case
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _unit(tok: str) -> int | None:
    if tok in UNITS:
        return UNITS[tok]
    if len(tok) == 1 and tok.isdigit():
        return int(tok)
    return None


def _below_thousand(words: list[str], i: int) -> tuple[int, int] | None:
    """A number 0..999 said in words starting at ``i``: (value, next index) or None."""
    n = len(words)
    value, j, seen = 0, i, False

    def at(k: int) -> str:
        return words[k] if k < n else ""

    # hundreds
    if at(j) == "seratus":
        value, j, seen = 100, j + 1, True
    elif at(j) in UNITS and UNITS[at(j)] > 0 and at(j + 1) == "ratus":
        value, j, seen = UNITS[at(j)] * 100, j + 2, True
    # tens
    if at(j) == "sepuluh":
        return value + 10, j + 1
    if at(j) == "sebelas":
        return value + 11, j + 1
    if at(j) in UNITS and UNITS[at(j)] > 0 and at(j + 1) == "belas":
        return value + 10 + UNITS[at(j)], j + 2
    if at(j) in UNITS and UNITS[at(j)] > 1 and at(j + 1) == "puluh":
        value, j, seen = value + UNITS[at(j)] * 10, j + 2, True
        if at(j) in UNITS and UNITS[at(j)] > 0:
            return value + UNITS[at(j)], j + 1
        return value, j
    if at(j) in UNITS and not (seen and UNITS[at(j)] == 0):
        return value + UNITS[at(j)], j + 1
    return (value, j) if seen else None


def parse_number(words: list[str], i: int) -> tuple[int, int] | None:
    """A whole number said in words (up to the millions) at ``i``: (value, next index)."""
    total, j, found = 0, i, False
    for scale_word, scale in (("juta", 1_000_000), ("ribu", 1000)):
        if scale == 1000 and j < len(words) and words[j] == "seribu":
            total, j, found = total + 1000, j + 1, True
            continue
        part = _below_thousand(words, j)
        if part is not None and part[1] < len(words) and words[part[1]] == scale_word:
            total, j, found = total + part[0] * scale, part[1] + 1, True
    if j < len(words) and words[j] in UNITS and UNITS[words[j]] == 0 and found:
        return total, j  # "seribu nol ..." : the zero starts the next number
    rest = _below_thousand(words, j)
    if rest is not None:
        return total + rest[0], rest[1]
    return (total, j) if found else None


def _number_at(toks: list[_Tok], i: int) -> tuple[str, int, int] | None:
    """A number written or said at ``i``: (digits as written, value, next index)."""
    if toks[i].word.isdigit():
        return toks[i].word, int(toks[i].word), i + 1
    parsed = parse_number([t.word for t in toks], i)
    if parsed is None:
        return None
    value, j = parsed
    return str(value), value, j


def _misheard_digits(toks: list[_Tok]) -> list[_Tok]:
    """Digit words the recogniser misspelt ("diga", "galapan", "nor") replaced by the digit
    word they are closest to, but only next to digits already heard: "nama" alone stays."""
    words = [t.word for t in toks]

    def digit(word: str) -> bool:
        return _unit(word) is not None or word.isdigit()

    grew = True
    while grew:  # a word made a digit may make its neighbour one next
        grew = False
        for i, word in enumerate(words):
            if digit(word) or len(word) < 3:
                continue
            if not any(digit(words[k]) for k in (i - 1, i + 1) if 0 <= k < len(words)):
                continue
            close = difflib.get_close_matches(word, UNITS, n=1, cutoff=0.66)
            if close:
                words[i] = close[0]
                grew = True
    return [t if w == t.word else _Tok(w, t.start, t.end) for t, w in zip(toks, words, strict=True)]


def _digits_only(text: str, *, letters: bool) -> str | None:
    toks = _tokens(text)
    if not letters:
        toks = _misheard_digits(toks)
    out: list[str] = []
    i = 0
    while i < len(toks):
        word = toks[i].word
        if word in ("plus", "tambah", "+") and not out:
            out.append("+")
            i += 1
            continue
        number = _number_at(toks, i)
        if number is not None:
            out.append(number[0])
            i = number[2]
            continue
        mixed = any(c.isdigit() for c in word) and any(c.isalpha() for c in word)
        if letters and word.isascii() and (word in LETTERS or mixed or len(word) <= 4):
            out.append(LETTERS.get(word, word.upper()))
        i += 1
    joined = "".join(out)
    return joined if any(ch.isdigit() for ch in joined) else None


def _shape_code(raw: str) -> str:
    code = re.sub(r"[^A-Z0-9]", "", raw.upper())
    ticket = re.fullmatch(r".*?LPR(\d{4})(\d{1,6})", code)
    if ticket:
        return f"LPR-{ticket.group(1)}-{int(ticket.group(2)):06d}"
    booking = re.fullmatch(r".*?BK([A-Z0-9]{6})", code)
    if booking:
        return f"BK-{booking.group(1)}"
    return code


def _hour24(hour: int, period: str) -> int:
    if period in ("siang",):
        return hour + 12 if hour < 11 else hour
    if period in ("sore", "petang"):
        return hour + 12 if hour < 12 else hour
    if period == "malam":
        if hour == 12:
            return 0
        return hour + 12 if 6 <= hour < 12 else hour
    if hour == 12 and period in ("pagi", "dini", "subuh"):
        return 0
    return hour


def _time_at(text: str, toks: list[_Tok], i: int) -> tuple[str, int] | None:
    """A time at ``i`` ("jam tiga sore", "setengah empat", "pukul 3.30"): ("HH:MM", next)."""
    j = i
    keyword = toks[j].word in TIME_WORDS
    if keyword:
        j += 1
    half = j < len(toks) and toks[j].word == "setengah"
    if half:
        j += 1
    if j >= len(toks):
        return None
    number = _number_at(toks, j)
    if number is None or number[1] > 24:
        return None
    hour, minute, j = number[1], 0, number[2]
    if half:
        hour, minute = hour - 1, 30
    elif j < len(toks) and text[toks[j - 1].end : toks[j].start] in (".", ":"):
        mins = _number_at(toks, j)
        if mins is not None and mins[1] < 60:
            minute, j = mins[1], mins[2]
    elif j + 1 < len(toks) and toks[j].word in ("lewat", "lebih", "kurang"):
        sign = -1 if toks[j].word == "kurang" else 1
        if toks[j + 1].word == "seperempat":
            delta, j = 15, j + 2
        else:
            mins = _number_at(toks, j + 1)
            if mins is None or mins[1] >= 60:
                return None
            delta, j = mins[1], mins[2]
        if j < len(toks) and toks[j].word == "menit":
            j += 1
        total = hour * 60 + sign * delta
        hour, minute = divmod(total % (24 * 60), 60)
    period = ""
    if j < len(toks) and toks[j].word in PERIODS:
        period = toks[j].word
        j += 1
        if period == "dini" and j < len(toks) and toks[j].word == "hari":
            j += 1
    if not (keyword or half or period):
        return None
    hour = _hour24(hour, period) % 24
    return f"{hour:02d}:{minute:02d}", j


def _rewrite(text: str, at: Callable[[list[_Tok], int], tuple[str, int] | None]) -> str:
    toks = _tokens(text)
    out: list[str] = []
    pos, i = 0, 0
    while i < len(toks):
        found = at(toks, i)
        if found is None:
            i += 1
            continue
        replacement, j = found
        out.append(text[pos : toks[i].start])
        out.append(replacement)
        pos = toks[j - 1].end
        i = j
    out.append(text[pos:])
    return "".join(out)


def _times(text: str) -> str:
    def at(toks: list[_Tok], i: int) -> tuple[str, int] | None:
        found = _time_at(text, toks, i)
        if found is None:
            return None
        hhmm, j = found
        keyword = toks[i].word if toks[i].word in TIME_WORDS else ""
        prefix = text[toks[i].start : toks[i].end] + " " if keyword else ""
        return prefix + hhmm, j

    return _rewrite(text, at)


def _number_values(text: str) -> str:
    def at(toks: list[_Tok], i: int) -> tuple[str, int] | None:
        if toks[i].word.isdigit():
            return None
        number = _number_at(toks, i)
        return None if number is None else (number[0], number[2])

    return _rewrite(text, at)


def _digit_runs(text: str, min_len: int = 4) -> str:
    def at(toks: list[_Tok], i: int) -> tuple[str, int] | None:
        j, digits = i, []
        while j < len(toks) and (d := _unit(toks[j].word)) is not None:
            digits.append(str(d))
            j += 1
        if len(digits) < min_len or all(toks[k].word.isdigit() for k in range(i, j)):
            return None
        return "".join(digits), j

    return _rewrite(text, at)


def clean(text: str) -> str:
    """Whitespace collapsed, stray spaces before punctuation removed."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.?!])", r"\1", text)


def normalize(text: str, expect: str | None = None) -> str:
    """The transcript rewritten for what the bot expects next (see the module docstring)."""
    text = clean(text)
    if expect in ("phone", "nik"):
        digits = _digits_only(text, letters=False)
        return digits if digits is not None else text
    if expect == "code":
        code = _digits_only(text, letters=True)
        return _shape_code(code) if code is not None else text
    if expect == "time":
        return _times(text)
    if expect == "date":
        return _number_values(_times(text))
    return _digit_runs(_times(text))
