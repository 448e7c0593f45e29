"""Checking a photo the citizen sent: stored by the app, and really an image; and what a
typed answer to the photo question tells besides the photo."""

from __future__ import annotations

import re
from typing import Any

from actions import context
from actions.complaint import reading as rd
from app.services import complaints as svc
from app.services import media
from core.lang.phrases import match, phrase_words, strip
from core.lang.text import normalise


def checked_photo(attachments: list[dict[str, Any]]) -> str:
    """The stored photo's reference; its bytes must be an image (media.sniff)."""
    if not attachments:
        raise svc.ComplaintError("photo_missing")
    att = attachments[0]
    url = str(att.get("url") or "")
    if not url.startswith("media/"):
        raise svc.ComplaintError("photo_missing", f"not stored by the app: {url!r}")
    runtime = context.get().settings.runtime_dir
    try:
        path = media.media_path(runtime, url)
        data = path.read_bytes()
    except (media.MediaRejected, OSError) as error:
        raise svc.ComplaintError("photo_missing", str(error)) from error
    found = media.sniff(data)
    if found is None or found[0] != "image":
        raise svc.ComplaintError("photo_not_image", f"{url}: {found}")
    if len(data) > media.MAX_IMAGE_BYTES:
        raise svc.ComplaintError("photo_too_large", f"{len(data)} bytes")
    return url


# "fotonya ga ada, tapi lubangnya sedalam lutut": the photo's answer, then the problem
_PARTS = re.compile(
    r"\s*[,;.!]\s*|\s+(?=(?:tapi|tetapi|namun|cuma|cuman|soalnya|pokoknya)\b)", re.I
)
_LEAD = re.compile(r"^(?:tapi|tetapi|namun|cuma|cuman|soalnya|pokoknya)\s+", re.I)


def _content(part: str) -> list[str]:
    """The words of a part that are no opener ("mohon maaf") and no particle ("nak")."""
    words = strip(phrase_words(normalise(part)), "openers")
    return [w for i, w in enumerate(words) if not match(words, i, "particles")]


def detail_beside(text: str, description: Any) -> str | None:
    """The description with what a photo answer tells besides the photo ("fotonya ga ada,
    tapi lubangnya sedalam lutut, udh 2 motor jatoh": how deep, who fell), or None when it
    tells nothing more (rd.more_detail decides what is more)."""
    parts = [p.strip() for p in _PARTS.split(text or "") if p and p.strip()]
    told = [_LEAD.sub("", p) for p in parts if not rd.PHOTO_TALK.search(p.lower())]
    told = [p for p in told if len(_content(p)) >= 2]  # not "mohon maaf nak"
    if not told or len(told) == len(parts):  # no photo part, or nothing but the photo
        return None
    return rd.more_detail(", ".join(told), description)
