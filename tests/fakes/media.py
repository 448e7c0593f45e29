"""Real media files for channel tests, made with ffmpeg (and espeak-ng for speech)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path


def _ffmpeg(args: list[str], suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"out{suffix}"
        subprocess.run(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args, str(out)],
            check=True,
            timeout=60,
        )
        return out.read_bytes()


@cache
def jpeg() -> bytes:
    """A 64x48 JPEG photo."""
    return _ffmpeg(["-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1"], ".jpg")


@cache
def ogg_voice(text: str = "lampu jalan mati di jalan melati") -> bytes:
    """A voice note as messaging apps send it: Ogg/Opus, mono 48 kHz. Spoken Indonesian
    from espeak-ng when it is installed, else a tone."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "speech.wav"
        if shutil.which("espeak-ng"):
            subprocess.run(
                ["espeak-ng", "-v", "id", "-s", "140", "-w", str(wav), text],
                check=True,
                timeout=60,
            )
            source = ["-i", str(wav)]
        else:
            source = ["-f", "lavfi", "-i", "sine=frequency=440:duration=2"]
        return _ffmpeg([*source, "-ac", "1", "-ar", "48000", "-c:a", "libopus"], ".ogg")
