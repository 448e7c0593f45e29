"""A button tapped by mistake: "eh salah pencet", "kepencet min", "salah klik", "ga sengaja
kepencet tombol lapor", "maaf salah tombol". Said at a form's first question, the form was
opened by mistake: the citizen wants something else, often asked in the same message
("eh salah pencet min, sy mau nanya bikin surat domisili syaratnya apa aja").
"""

from __future__ import annotations

import re

from core.lang.text import normalise

__all__ = ["tapped_by_mistake"]

# normalised ("ga sengaja" -> "tidak sengaja")
_MISTAKE = re.compile(
    r"\b(?:salah\s+(?:pencet|tekan|klik|pilih|tombol|pijit|teken)\w*|kepencet|kepijit|ketekan"
    r"|keteken|keklik|kepilih|tidak\s+sengaja\s+(?:pencet|tekan|klik|kepencet|ketekan)\w*)\b"
)
# what may stand between the mistake and what the citizen wants ("min", "tadi", "maaf")
_FILLER = re.compile(
    r"^(?:\s*\b(?:min|kak|pak|bu|mas|mbak|bang|nak|tadi|td|maaf|sorry|ya|yah|deh|dong|nih"
    r"|tombol\w*|lapor\w*|itu|tuh|saya|sy|aku|gue)\b)*\s*"
)


def tapped_by_mistake(text: str) -> str | None:
    """What the citizen says after telling that a button was tapped by mistake (normalised;
    "" when nothing follows), or None when the message tells no such mistake."""
    norm = normalise(text or "")
    found = _MISTAKE.search(norm)
    if found is None:
        return None
    return _FILLER.sub("", norm[found.end() :], count=1).strip()
