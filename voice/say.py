"""Speaking codes and numbers well: text prepared for a speech engine.

Engines read "LPR-2026-000123" as one long number and "15.30" as a decimal. Here codes are
spelled in groups with pauses ("el, pe, er. dua, nol, dua, enam. ..."), times said as
"pukul lima belas tiga puluh", dates as "Sabtu, lima Desember", amounts as "dua puluh lima
ribu rupiah", phone numbers digit by digit in groups of four. Hand-written (no maintained
Indonesian number-speaking library installs here); ``prepare(text)`` applies it all.
"""

from __future__ import annotations

import datetime as dt
import re

from core.lang import when

_UNITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
DAYS = [name.capitalize() for name in when.WEEKDAYS]
MONTHS = [name.capitalize() for name in when.MONTHS]
LETTER_NAMES = {
    "A": "a",
    "B": "be",
    "C": "ce",
    "D": "de",
    "E": "e",
    "F": "ef",
    "G": "ge",
    "H": "ha",
    "I": "i",
    "J": "je",
    "K": "ka",
    "L": "el",
    "M": "em",
    "N": "en",
    "O": "o",
    "P": "pe",
    "Q": "ki",
    "R": "er",
    "S": "es",
    "T": "te",
    "U": "u",
    "V": "ve",
    "W": "we",
    "X": "eks",
    "Y": "ye",
    "Z": "zet",
}


def number_words(n: int) -> str:
    """0 <= n < 10**15 in Indonesian words: 1250 -> "seribu dua ratus lima puluh"."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 10:
        return _UNITS[n]
    if n < 20:
        if n == 10:
            return "sepuluh"
        if n == 11:
            return "sebelas"
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")
    for size, name, single in (
        (10**12, "triliun", "satu triliun"),
        (10**9, "miliar", "satu miliar"),
        (10**6, "juta", "satu juta"),
        (1000, "ribu", "seribu"),
        (100, "ratus", "seratus"),
    ):
        if n >= size:
            head, rest = divmod(n, size)
            words = single if head == 1 else f"{number_words(head)} {name}"
            return words + (f" {number_words(rest)}" if rest else "")
    raise ValueError(n)  # pragma: no cover


def digits_words(digits: str) -> str:
    """Each digit by itself: "0812" -> "nol, delapan, satu, dua"."""
    return ", ".join(_UNITS[int(d)] for d in digits if d.isdigit())


def spell(code: str, group: int = 4) -> str:
    """A code read in groups with pauses: letters by name, digits one by one.

    "LPR-2026-000123" -> "el pe er. dua nol dua enam. nol nol nol. satu dua tiga."
    Groups follow the dashes and spaces; a long run of digits is cut into groups of ``group``.
    """
    groups: list[str] = []
    for part in re.split(r"[\s\-/.]+", code.strip()):
        if not part:
            continue
        if part.isdigit():
            chunks = [part[:3], part[3:]] if len(part) == 6 else _chunks(part, group)
        elif part.isalpha():
            chunks = [part]
        else:
            chunks = _chunks(part, 3)
        groups.extend(" ".join(_char_word(c) for c in chunk) for chunk in chunks)
    return ". ".join(groups) + "."


def _chunks(text: str, size: int) -> list[str]:
    return [text[k : k + size] for k in range(0, len(text), size)]


def _char_word(char: str) -> str:
    return _UNITS[int(char)] if char.isdigit() else LETTER_NAMES.get(char.upper(), char)


def say_time(value: dt.time) -> str:
    """dt.time(15, 30) -> "pukul lima belas tiga puluh"; 09:00 -> "pukul sembilan"."""
    words = f"pukul {number_words(value.hour)}"
    if value.minute:
        words += f" {number_words(value.minute)}"
    return words


def say_date(value: dt.date, *, year: bool = False, weekday: bool = True) -> str:
    """dt.date(2026, 12, 5) -> "Sabtu, lima Desember" (year spoken if asked)."""
    words = f"{number_words(value.day)} {MONTHS[value.month - 1]}"
    if year:
        words += f" {number_words(value.year)}"
    return f"{DAYS[value.weekday()]}, {words}" if weekday else words


def say_rupiah(amount: int) -> str:
    """25000 -> "dua puluh lima ribu rupiah"."""
    return f"{number_words(amount)} rupiah"


def _int(digits: str) -> int:
    return int(re.sub(r"\D", "", digits))


_TICKET = re.compile(r"\b(?:LPR|BK)-[A-Z0-9-]+\b")
_RUPIAH = re.compile(r"\bRp\.?\s?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{2}))?(?:,-)?", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DMY_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_TIME = re.compile(r"\b(?:(pukul|jam)\s+)?([01]?\d|2[0-3])[.:]([0-5]\d)\b(?:\s*WI[BTB]A?)?")
_PHONE = re.compile(r"(?<![\w-])(\+62|0)(\d[\d\s-]{7,16}\d)\b")
_LONG_DIGITS = re.compile(r"\b\d{7,}\b")
_SERVICE_NUMBER = re.compile(
    r"\b(nomor|no\.|hubungi|telepon|telp\.?|call center|WA)\s+(\d{3,6})\b", re.IGNORECASE
)
_NUMBER = re.compile(r"\b\d{1,3}(?:\.\d{3})+\b|\b\d+\b")


def _date_or_none(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def prepare(text: str) -> str:
    """Free text with codes, dates, times, amounts and numbers written out for speaking."""

    def ticket(m: re.Match[str]) -> str:
        return spell(m.group())

    def rupiah(m: re.Match[str]) -> str:
        return say_rupiah(_int(m.group(1)))

    def iso_date(m: re.Match[str]) -> str:
        d = _date_or_none(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return say_date(d, year=True) if d else m.group()

    def dmy_date(m: re.Match[str]) -> str:
        d = _date_or_none(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return say_date(d, year=True) if d else m.group()

    def time(m: re.Match[str]) -> str:
        return say_time(dt.time(int(m.group(2)), int(m.group(3))))

    def phone(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group(2))
        head = "plus enam dua" if m.group(1) == "+62" else "nol"
        first, rest = digits[:3], digits[3:]
        groups = [first] + [rest[k : k + 4] for k in range(0, len(rest), 4)]
        return head + " " + ". ".join(" ".join(_UNITS[int(c)] for c in g) for g in groups) + "."

    def long_digits(m: re.Match[str]) -> str:
        return spell(m.group())

    def number(m: re.Match[str]) -> str:
        return number_words(_int(m.group()))

    text = _TICKET.sub(ticket, text)
    text = _RUPIAH.sub(rupiah, text)
    text = _ISO_DATE.sub(iso_date, text)
    text = _DMY_DATE.sub(dmy_date, text)
    text = _TIME.sub(time, text)
    text = _PHONE.sub(phone, text)
    text = _SERVICE_NUMBER.sub(lambda m: f"{m.group(1)} {digits_words(m.group(2))}", text)
    text = _LONG_DIGITS.sub(long_digits, text)
    text = _NUMBER.sub(number, text)
    text = re.sub(r"\.(\s*[.,;:!?])", r"\1", text)
    return text
