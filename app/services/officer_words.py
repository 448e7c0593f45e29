"""A plain request for a person ("bapak mau bicara sama orangnya langsung saja", "tolong
sambungkan ke petugas") goes to the assistant as the officer button's intent.

The classifier took an old man's "Bapak mau bicara sama orangnya langsung saja, bisa nak?"
for a question about free facilities (bench g-25: two facility menus before an officer).
Only a wish ("mau", "tolong", "bisa"...), then a verb of speaking or connecting, then a
person within a few words: "pedagangnya ngomong kasar sama orang lewat" is a complaint.
"""

from __future__ import annotations

import re

from core.lang.text import POLITE_FILLERS, normalise

OFFICER_INTENT = "/request_human"
_WISH = r"(?:mau|ingin|pengen|pingin|minta|tolong|bisa|boleh|badhe|hoyong|nyuwun|pengin)"
_SPEAK = (
    r"(?:bicara|berbicara|ngomong|ngobrol|nyarios|matur|sambung\w*|disambung\w*|hubung\w*"
    r"|dihubung\w*|telepon|chat)"
)
_PERSON = (
    r"(?:petugas\w*|operator\w*|manusia|orang(?:nya)?(?!\s+tua)|admin\w*|cs|customer service"
    r"|pegawai\w*|jalmi|jalma|tiyang|wong)"  # Sundanese and Javanese: a person
)
ASKS = re.compile(rf"\b{_WISH}\b(?:\s+\S+){{0,2}}?\s+{_SPEAK}\b(?:\s+\S+){{0,3}}?\s+{_PERSON}\b")
MAX_WORDS = 40
# "ya udah petugas aja", "ke admin aja deh", "langsung operator dong kak": a person and only
# words that carry no other meaning (normalised; "petugasnya mana" asks where one is)
_BARE_PERSON = re.compile(r"\b(?:petugas|operator|admin|cs|customer service|orang asli|manusia)\b")


def asks_for_officer(text: str) -> bool:
    """Whether the message asks to talk with a person (see the module docstring)."""
    if not text or text.startswith("/") or len(text.split()) > MAX_WORDS:
        return False
    norm = normalise(text)
    if ASKS.search(norm):
        return True
    rest = _BARE_PERSON.sub(" ", norm).split()
    return 0 < len(rest) <= 4 and rest != norm.split() and all(w in POLITE_FILLERS for w in rest)
