"""Leaving a form for a question: "ga jd, mau nanya dulu", "nanti aja deh, saya mau tanya
sesuatu", "tunda dulu ya, ada yang mau saya tanyakan". The citizen puts off what the form was
doing (not "batal": nothing is thrown away) to ask something, asked in the same message or
still to come.

A wish to ask alone ("mau tanya, bayar nggak?") is an aside answered in the form; only a
putting-off word with it leaves the form.
"""

from __future__ import annotations

import re

from core.lang.text import normalise

# putting off, as normalise leaves it ("ga jd" -> "tidak jadi", "ntar aja" -> "nanti saja")
_PUT_OFF = re.compile(
    r"\b(?:tidak\s+jadi|nanti\s+(?:saja|dulu|deh|lagi)|nanti\s+nanti|lain\s+kali"
    r"|tunda(?:\s+dulu)?|ditunda|pending\s+dulu|stop\s+dulu|berhenti\s+dulu"
    r"|mboten\s+sios|teu\s+jadi|kagak\s+jadi)\b"
)
# a wish to ask: "mau tanya", "ingin bertanya", "ada yang mau saya tanyakan", "ada pertanyaan"
_ASK = re.compile(
    r"\b(?:(?:mau|ingin|pengen|pingin|kepingin|hendak|badhe|bade)\s+(?:tanya|bertanya|nanya)"
    r"|ada\s+(?:yang\s+)?(?:mau|ingin)\s+(?:saya\s+|aku\s+|kami\s+)?(?:tanyakan|ditanyakan)"
    r"|ada\s+(?:satu\s+)?pertanyaan|tanya\s+dulu|nanya\s+dulu)\b"
)
# what may follow the wish before the question itself ("mau tanya sesuatu dulu min, ...")
_FILLER = re.compile(
    r"^(?:\s*\b(?:sesuatu|dulu|saja|deh|dong|min|kak|nih|ya|sih|nak|pak|bu|mas|mbak|bang"
    r"|sebentar|bentar|hal|lain|yang|lainnya|lagi|soal|tentang|nya)\b)*\s*"
)


def leaves_to_ask(text: str) -> str | None:
    """The question a message that leaves the form to ask something asks (normalised; "" when
    it names none yet), or None when the message does not leave to ask."""
    norm = normalise(text or "")
    ask = _ASK.search(norm)
    if ask is None:
        return None
    put_off = _PUT_OFF.search(norm)
    if put_off is None or put_off.start() > ask.start():
        return None  # "mau tanya, kalau nggak jadi bayar?": an aside, not leaving
    rest = _FILLER.sub("", norm[ask.end() :], count=1)
    return rest.strip()
