"""What a whole complaint in one message already answers beyond the problem and the place:
"..., ga ada foto, ga usah hubungin saya, nama saya jangan ditampilkan". Each clause that
names the photo, the contact (a phone number to be called on, too) or the name/privacy is
read like the answer to that question, so the form does not ask it again (bench f-01 was
asked all three; y-07 gave "laporannya biasa saja, boleh dihubungi di 0812 ..." and was asked
the privacy, the contact and the number)."""

from __future__ import annotations

import re
from typing import Any

from core.lang import answers, ids

NONE = "none"  # the photo slot's "no photo" (actions/complaint/reading.py NONE)
CLAUSES = re.compile(r"[,.;!?\n]+|\s+(?:dan|terus|trus|sama)\s+", re.I)
PHOTO = re.compile(r"\bfoto\w*\b", re.I)
CONTACT = re.compile(r"\b(?:di)?hubung\w*|\bkontak\w*", re.I)
PRIVACY = re.compile(
    r"\banonim\w*|\brahasia\w*|\bprivasi\b|\bnama\s+(?:saya|sy|aku|gw|gue)?\s*"
    r"(?:jangan|biasa|boleh|ga|gak|tidak|disembunyi\w*|dirahasia\w*)"
    r"|\blaporan\w*\s+(?:di\s?tampilkan\s+)?(?:biasa|publik)\b",
    re.I,
)


def said_up_front(text: str) -> dict[str, Any]:
    """The photo ("none"), contact ("tidak") and privacy answers the message gives."""
    found: dict[str, Any] = {}
    for clause in CLAUSES.split(text or ""):
        if not clause.strip():
            continue
        refused = answers.yes_no(clause) is False or answers.is_skip(clause)  # "fotonya ga ada"
        if PHOTO.search(clause) and refused:
            found["complaint_photo"] = NONE
        elif CONTACT.search(clause) and answers.yes_no(clause) is False:
            found["complaint_contact_ok"] = "tidak"
        elif CONTACT.search(clause) and (phone := ids.find_phone(clause)):
            found |= {"complaint_contact_ok": "ya", "complaint_phone": phone}
        elif PRIVACY.search(clause):
            level = answers.privacy_choice(clause)
            if level is not None:
                found["complaint_privacy"] = level
    return found


def story_only(text: str) -> str:
    """``text`` without its clauses that answer the photo, contact or privacy question
    ("..., gk ada foto, rahasiain nama sy ya, gk usah dihubungi"): the description keeps the
    story, and an anonymous report does not carry the phone number in it (bench z-06, z-18).
    The text as it is when nothing else is left."""
    parts = re.split(r"(?<=[,.;!?\n])\s+", text or "")
    kept = [p for p in parts if p.strip() and not said_up_front(p.strip(" ,.;!?"))]
    story = REQUEST_LEAD.sub("", " ".join(kept)).strip(" ,;")
    return story if len(story.split()) >= 3 else text


# "bukan eh saya mau lapor ...", "saya mau melaporkan ...": the wish, not the story
REQUEST_LEAD = re.compile(
    r"^(?:bukan\w*\W+(?:(?:eh|itu|nak|min|bang|kak|pak|bu)\W+)*)?(?:(?:saya|sy|aku|gw|gue|kami)\s+)?"
    r"(?:mau|ingin|pengen|hendak|mo|akan)\s+(?:me)?lapor(?:kan)?\s+",
    re.I,
)
