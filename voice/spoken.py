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
- none: a speaker's hesitations ("eee", "anu") and restarts ("saya mau saya mau tanya", "di
  di depan") said once (:func:`core.lang.text.restarts_dropped`: plurals such as "pohon
  pohon" and numbers stay), times as above, the numbers of an address in digits ("rt dua rw
  tujuh" -> "rt 2 rw 7", "nomor tiga puluh dua" -> "nomor 32"), and runs of four or more
  single digits said one by one become digits.

Numbers said in words, digits said one by one and parts of the day are read by the language
core (:mod:`core.lang.numbers`, :mod:`core.lang.when`); this module rewrites the transcript
in place around them (no maintained Indonesian inverse-text-normalisation library installs
here).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.lang import ids, when
from core.lang.numbers import UNITS, digits_from_speech, number_at
from core.lang.places import NUMBERED
from core.lang.text import drop_fillers, restarts_dropped
from core.lang.when import hour_in_period, period_name

# The language core reads numbers said in words; re-exported for older callers.
parse_number = number_at

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
PERIODS = (*when.PERIODS, *when.PERIOD_ALIASES)  # the words for parts of the day
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


def _number_at(toks: list[_Tok], i: int) -> tuple[str, int, int] | None:
    """A number written or said at ``i``: (digits as written, value, next index)."""
    if toks[i].word.isdigit():
        return toks[i].word, int(toks[i].word), i + 1
    parsed = parse_number([t.word for t in toks], i)
    if parsed is None:
        return None
    value, j = parsed
    return str(value), value, j


def _code_chars(text: str) -> str | None:
    """Letters said by their names and numbers, joined: "be ka tujuh ka" -> "BK7K"."""
    toks = _tokens(text)
    out: list[str] = []
    i = 0
    while i < len(toks):
        word = toks[i].word
        number = _number_at(toks, i)
        if number is not None:
            out.append(number[0])
            i = number[2]
            continue
        mixed = any(c.isdigit() for c in word) and any(c.isalpha() for c in word)
        if word.isascii() and (word in LETTERS or mixed or len(word) <= 4):
            out.append(LETTERS.get(word, word.upper()))
        i += 1
    joined = "".join(out)
    return joined if any(ch.isdigit() for ch in joined) else None


def _shape_code(raw: str) -> str:
    """Joined code characters in our canonical form (``core.lang.ids``), else as heard."""
    code = re.sub(r"[^A-Z0-9]", "", raw.upper())
    for prefix, find in (("LPR", ids.find_ticket_code), ("BK", ids.find_booking_code)):
        at = code.find(prefix)
        found = find(code[at:]) if at >= 0 else None
        if found is not None:
            return found
    return code


def _hour24(hour: int, period: str) -> int:
    """A spoken hour with its part of the day on the 24-hour clock (core.lang.when's table)."""
    return hour_in_period(hour, period_name(period) if period else None)


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


def _address_numbers(text: str) -> str:
    """A number of an address said in words, in digits: "rt dua rw tujuh" -> "rt 2 rw 7",
    "nomor tiga puluh dua" -> "nomor 32" (the officer reads the place as written)."""

    def at(toks: list[_Tok], i: int) -> tuple[str, int] | None:
        if i == 0 or toks[i - 1].word not in NUMBERED or toks[i].word.isdigit():
            return None
        if _unit(toks[i].word) == 0:  # "rt nol tiga": RT 03, the digits said one by one
            j, digits = i, []
            while j < len(toks) and j - i < 3 and (d := _unit(toks[j].word)) is not None:
                digits.append(str(d))
                j += 1
            return "".join(digits), j
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
        return digits_from_speech(text) or text
    if expect == "code":
        code = _code_chars(text)
        return _shape_code(code) if code is not None else text
    if expect == "time":
        return _times(text)
    if expect == "date":
        return _number_values(_times(text))
    return _address_numbers(_digit_runs(_times(restarts_dropped(drop_fillers(text)))))
