"""Media the citizen sends (photos, voice notes): type checked by content, stored once.

The declared MIME type of a channel is not trusted: the first bytes decide. Files are
stored under ``<runtime>/media/<sha256>.<ext>`` and referred to as ``media/<name>``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from core.errors import InvalidInput
from core.message import Attachment

MediaKind = Literal["image", "audio"]

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_AUDIO_BYTES = 25 * 1024 * 1024


class MediaRejected(InvalidInput):
    """The file is not what it claims, or too large. ``reason``: not_image | too_large | unknown."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def sniff(data: bytes) -> tuple[MediaKind, str, str] | None:
    """(kind, mime, extension) from the file's magic bytes, or None if unknown."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "image", "image/jpeg", "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", "image/png", "png"
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image", "image/webp", "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image", "image/gif", "gif"
    if head.startswith(b"OggS"):
        return "audio", "audio/ogg", "ogg"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio", "audio/webm", "webm"
    if head[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio", "audio/wav", "wav"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio", "audio/mpeg", "mp3"
    if data[4:8] == b"ftyp":
        return "audio", "audio/mp4", "m4a"
    return None


def save_media(runtime_dir: Path, data: bytes, *, expect: str | None = None) -> Attachment:
    """Store ``data``; ``expect`` ("image" or "audio") refuses anything else."""
    found = sniff(data)
    if found is None:
        raise MediaRejected("not_image" if expect == "image" else "unknown", "unrecognised bytes")
    kind, mime, ext = found
    if expect is not None and kind != expect:
        raise MediaRejected("not_image" if expect == "image" else "unknown", f"got {mime}")
    limit = MAX_IMAGE_BYTES if kind == "image" else MAX_AUDIO_BYTES
    if len(data) > limit:
        raise MediaRejected("too_large", f"{len(data)} bytes > {limit}")
    name = f"{hashlib.sha256(data).hexdigest()[:32]}.{ext}"
    folder = runtime_dir / "media"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        path.write_bytes(data)
    return Attachment(kind=kind, mime_type=mime, url=f"media/{name}", size_bytes=len(data))


def media_path(runtime_dir: Path, url: str) -> Path:
    """Filesystem path of a stored ``media/<name>``; refuses anything outside the folder."""
    folder = (runtime_dir / "media").resolve()
    path = (runtime_dir / url).resolve()
    if path.parent != folder:
        raise MediaRejected("unknown", f"bad media reference {url!r}")
    return path
