"""Checking a photo the citizen sent: stored by the app, and really an image."""

from __future__ import annotations

from typing import Any

from actions import context
from app.services import complaints as svc
from app.services import media


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
