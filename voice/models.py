"""Where the speech model lives: a faster-whisper model name or a local directory.

The default is the multilingual Whisper base model that ``scripts/assemble_whisper.py``
assembles from its PyPI parts into ``$XDG_CACHE_HOME/halo-warga/whisper-base`` (shared by
every checkout on the machine). Nothing here downloads anything.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODEL_DIR = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "halo-warga" / "whisper-base"
)


def resolve_model(name_or_dir: str) -> str:
    """The argument for ``WhisperModel``: a model directory, or a name faster-whisper fetches.

    Empty means the assembled default. A directory must hold ``model.bin``; anything that looks
    like a path but is not one raises FileNotFoundError naming the fix.
    """
    value = name_or_dir.strip()
    path = Path(value).expanduser() if value else DEFAULT_MODEL_DIR
    if value and not path.exists() and not value.startswith((".", "/", "~")):
        return value  # a name ("small") or a hub id ("Systran/faster-whisper-small")
    if not (path / "model.bin").is_file():
        raise FileNotFoundError(
            f"speech model not found in {path}: run `make setup` "
            "(scripts/assemble_whisper.py) or set HALO_STT_MODEL"
        )
    return str(path)
