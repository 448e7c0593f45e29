"""Identifiers in free text: Indonesian mobile numbers, NIK, ticket and booking codes.

- :func:`find_phone`: a mobile number in national form ``08...`` (10-13 digits) from
  "0812 3456 7890", "0812-3456-7890", "0812.3456.7890", "+62 812 3456 7890", "62812...",
  "(0812) 3456 7890" or digits said in words; landlines (021...) and numbers too short or too
  long are not mobile numbers. :func:`to_e164` writes one as ``+62812...``;
  :func:`find_phone_number` also takes landlines.
- :func:`find_nik`: 16 digits, spaces, dots or dashes allowed inside; :func:`valid_nik`
  checks region and birth date with python-stdnum (``stdnum.id.nik``).
- :func:`find_ticket_code`: ``LPR-2026-000123`` from "lpr 2026 123", "lpr2026000123", ...
- :func:`find_booking_code`: ``BK-7K3M9Q`` from "bk-7k3m9q", "BK 7K3M9Q", "bk7k3m9q"
  (alphabet 2-9 and A-Z without I and O).
"""

from __future__ import annotations

import re

from core.lang.numbers import digits_from_speech

TICKET_PREFIX = "LPR"
BOOKING_PREFIX = "BK"
BOOKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
BOOKING_CODE_LENGTH = 6
MOBILE_MIN, MOBILE_MAX = 10, 13  # digits in national form, 08...

# Digit groups joined by one separator each: "0812 3456 7890", "+62-812-3456-7890".
_DIGIT_RUN = re.compile(r"(?<![\w+])\+?\(?\d+\)?(?:[ \t.\-/]{1,2}\(?\d+\)?)*")
_NIK = re.compile(r"(?<![\d\w])\d(?:[ .\-]?\d){15}(?![ .\-]?\d)")
TICKET_PATTERN = re.compile(
    r"(?<![a-z0-9])lpr[\s\-_./#]*(\d{4})[\s\-_./]*(\d{1,6})(?!\d)", re.IGNORECASE
)
BOOKING_PATTERN = re.compile(
    rf"(?<![a-z0-9])bk(?P<sep>[\s\-_./#]*)(?P<code>[{BOOKING_ALPHABET}]{{{BOOKING_CODE_LENGTH}}})"
    r"(?![a-z0-9])",
    re.IGNORECASE,
)
_DIGIT_WORDS = re.compile(
    r"\b(nol|kosong|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas)\b"
)


def national_mobile(digits: str) -> str | None:
    """``digits`` (a leading "+" allowed) as a mobile number ``08...``, or None."""
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            return None
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    elif digits.startswith("8"):
        digits = "0" + digits
    if not digits.startswith("08") or not MOBILE_MIN <= len(digits) <= MOBILE_MAX:
        return None
    return digits


def _phone_in_run(run: str) -> str | None:
    plus = run.lstrip("(").startswith("+")
    groups = re.findall(r"\d+", run)
    # Groups joined from the first: the longest prefix of groups that is a mobile number
    # ("0812 3456 7890 3171..." keeps the phone and leaves the next number alone).
    for start in range(len(groups)):
        best = None
        joined = ""
        for group in groups[start:]:
            joined += group
            if len(joined) > MOBILE_MAX + 3:
                break
            lead = "+" if plus and start == 0 else ""
            if not (lead or joined.startswith(("0", "62"))):
                break
            found = national_mobile(lead + joined)
            if found is not None:
                best = found
        if best is not None:
            return best
    return None


def find_phone(text: str) -> str | None:
    """The first Indonesian mobile number in ``text``, as ``08...`` (10-13 digits), or None."""
    text = text or ""
    for match in _DIGIT_RUN.finditer(text):
        found = _phone_in_run(match.group())
        if found is not None:
            return found
    if _DIGIT_WORDS.search(text.lower()):
        spoken = digits_from_speech(text)
        if spoken:
            return national_mobile(spoken)
    return None


def find_phone_number(text: str) -> str | None:
    """Like :func:`find_phone`, but a landline also counts ("021 555 1234", "+62 22 1234
    567" -> "0221234567"; 9-12 digits in national form): for contact numbers given by
    other systems (Open311), where a fixed line is a fair answer."""
    mobile = find_phone(text)
    if mobile is not None:
        return mobile
    for match in _DIGIT_RUN.finditer(text or ""):
        digits = re.sub(r"\D", "", match.group())
        if match.group().lstrip("(").startswith("+") or digits.startswith("62"):
            digits = "0" + digits[2:] if digits.startswith("62") else ""
        if re.fullmatch(r"0[2-79]\d{7,10}", digits):
            return digits
    return None


def to_e164(phone: str) -> str:
    """A mobile number (``08...``, ``628...``, ``+628...``) as ``+628...``; ValueError when the
    text holds no mobile number."""
    found = find_phone(phone)
    if found is None:
        raise ValueError(f"not an Indonesian mobile number: {phone!r}")
    return "+62" + found[1:]


def find_nik(text: str) -> str | None:
    """The first 16-digit number in ``text`` (spaces, dots or dashes allowed inside), compact.
    Not checked: see :func:`valid_nik`."""
    text = text or ""
    match = _NIK.search(text)
    if match is not None:
        return re.sub(r"\D", "", match.group())
    if _DIGIT_WORDS.search(text.lower()):
        spoken = digits_from_speech(text)
        if len(spoken) == 16 and spoken.isdigit():
            return spoken
    return None


def valid_nik(nik: str) -> bool:
    """Whether ``nik`` is a valid NIK: 16 digits, a known region, a real birth date."""
    from stdnum.id import nik as stdnum_nik  # the app's environment; imported when used

    return bool(stdnum_nik.is_valid(nik or ""))


def find_ticket_code(text: str) -> str | None:
    """A complaint ticket code, canonical: "LPR 2026 123" -> "LPR-2026-000123"."""
    match = TICKET_PATTERN.search(text or "")
    if match is None:
        return None
    return f"{TICKET_PREFIX}-{match.group(1)}-{int(match.group(2)):06d}"


def find_booking_code(text: str) -> str | None:
    """A booking code, canonical: "bk 7k3m9q" -> "BK-7K3M9Q".

    With a space between "BK" and the code, the code must hold a digit or be written in
    capitals, so that "bk" followed by an ordinary six-letter word is not a code.
    """
    for match in BOOKING_PATTERN.finditer(text or ""):
        code = match.group("code")
        spaced = match.group("sep").strip(" \t") == "" and match.group("sep") != ""
        if spaced and not (any(ch.isdigit() for ch in code) or code.isupper()):
            continue
        return f"{BOOKING_PREFIX}-{code.upper()}"
    return None
