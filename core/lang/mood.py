"""A citizen who is upset: heard before the first question.

:func:`is_upset`: the message says the citizen is annoyed or let down ("udah kesel",
"kecewa", "ga ada tindakan", "udah lapor berkali-kali", "ga becus"), or shouts: mostly
capitals with an exclamation mark ("TOLONG DONG!!! PKL DI TROTOAR ..."). Capitals alone are
not anger (an elderly person's caps lock: "SELAMAT PAGI SAYA MAU TANYA KTP"); a question
with "!" alone is not either.
"""

from __future__ import annotations

import re

from core.lang.text import normalise

__all__ = ["is_upset"]

# normalised (core.lang.text): "gak" -> "tidak", "udh" -> "sudah", "kesel" stays
_FEELING = re.compile(
    r"\b(?:kesal|kesel|kecewa|mengecewakan|marah|jengkel|dongkol|sebel|sebal|muak|geram"
    r"|emosi|frustasi|frustrasi|capek|cape|bosan|bosen|payah|keterlaluan|kebangetan)\b"
)
_LET_DOWN = re.compile(
    r"\b(?:tidak|belum)\s+(?:ada\s+)?(?:juga\s+)?(?:tindakan|tindak lanjut|ditindaklanjuti"
    r"|respon\w*|direspon\w*|tanggapan|ditanggapi|ditanggepin|digubris|diurus|dtg|datang)\b"
    r"|\b(?:tidak|nggak)\s+becus\b|\bberkali\s+(?:berkali|kali)\b|\b(?:sudah|udah)\s+(?:\w+\s+)?"
    r"(?:\d+|dua|tiga|empat|lima|sering)\s*(?:x|kali)\s+(?:saya\s+)?lapor\w*"
    r"|\b(?:sudah|udah)\s+lapor\w*\s+(?:\w+\s+){0,2}(?:\d+|dua|tiga|empat|lima)\s*(?:x|kali)\b"
    r"|\bmana\s+(?:tanggung jawab|kerja|petugas)\w*|\bpada\s+kema(?:na|ne)\b"
    # "GA ADA YG NGURUS!!", "pada kerja ga sih dinasnya??" (bench u-21)
    r"|\btidak\s+ada\s+(?:yang\s+)?(?:urus|ngurus\w*|mengurus|peduli|nanganin|menangani)\b"
    r"|\bpada\s+(?:kerja\s+tidak|ngapain)\b"
)
_MIN_LETTERS = 12
_CAPS_SHARE = 0.7


def shouts(text: str) -> bool:
    """Mostly capitals, with an exclamation mark."""
    letters = [ch for ch in text or "" if ch.isalpha()]
    if len(letters) < _MIN_LETTERS or "!" not in (text or ""):
        return False
    return sum(ch.isupper() for ch in letters) / len(letters) >= _CAPS_SHARE


def is_upset(text: str) -> bool:
    """Whether the citizen says they are annoyed or let down, or shouts (module docstring)."""
    if not text or text.startswith("/"):
        return False
    if shouts(text):
        return True
    norm = normalise(text)
    return bool(_FEELING.search(norm) or _LET_DOWN.search(norm))
