"""Answers to "do you have a photo?" that mean no photo now, beyond "tidak ada" (those are
:func:`core.lang.answers.is_skip`): the photo later ("nnt aj fotony", "nanti aje bang
fotonye"), a phone that cannot take one ("hp saya jadul", "hp abdi jadul, teu tiasa moto",
"mbah tidak punya hp yang ada kameranya"), a kiosk ("ini kan di mesin"), not knowing how
("ga ngerti cara kirim foto").

A sentence that tells more about the problem ("lubangnya besar, tidak bisa dilewati motor")
is none of these: only a camera, a phone or the photo itself makes "cannot" about the photo.
"""

from __future__ import annotations

import re

from core.lang.text import normalise

__all__ = ["declines_photo"]

_NOT = r"(?:tidak|belum|teu|ora|mboten|ndak|kagak|gak|ga)"
_PHOTO = r"(?:foto\w*|poto\w*|photo\w*|gambar\w*|moto|motret|memotret|motoin|difoto\w*|jepret\w*)"
_SEND = rf"(?:kirim\w*|ngirim\w*|upload\w*|unggah\w*|{_PHOTO})"
_LATER = re.compile(r"\b(?:nanti|nnt|ntar|entar|nyusul|menyusul|belakangan|lain kali)\b")
_CANNOT = re.compile(
    rf"\b{_NOT}\s+(?:\w+\s+)?(?:bisa|tiasa|iso|saged|sempat|sempet|ngerti|paham|tahu)\s+"
    rf"(?:\w+\s+){{0,2}}?{_SEND}\b"
    rf"|\b{_NOT}\s+(?:punya|gaduh|ada|duwe|nduwe|bawa)\s+(?:\w+\s+){{0,2}}?"
    r"(?:hp|handphone|ponsel|kamera\w*|android)\b"
)
_DEVICE = re.compile(
    r"\b(?:jadul|butut|lowbat|low bat|hp\w*\s+(?:rusak|mati|jelek|kentang|senter|biasa)"
    r"|kamera\w*\s+(?:rusak|mati|pecah)|di\s+(?:mesin|kios|anjungan)|pakai\s+(?:mesin|kios))\b"
)
_SHORT = 6  # words: "nanti aja ya" is about the photo asked; a longer "nanti ..." may not be


def declines_photo(text: str) -> bool:
    """Whether an answer to the photo question means no photo now (module docstring)."""
    norm = normalise(text)
    if not norm:
        return False
    if _CANNOT.search(norm) or _DEVICE.search(norm):
        return True
    about_photo = re.search(rf"\b{_PHOTO}", norm) is not None
    return bool(_LATER.search(norm)) and (about_photo or len(norm.split()) <= _SHORT)
