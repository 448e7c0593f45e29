"""Secrets the app and Rasa share, kept outside the database.

In production every secret comes from the environment (``HALO_SECRET_KEY``,
``HALO_RASA_TOKEN``, ``HALO_ACTION_SECRET``). Elsewhere a random value is generated on first
use into ``<runtime_dir>/<name>`` (mode 600) and read back on later runs, so a development
machine never runs on a known string.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = "secret_key"
RASA_TOKEN_FILE = "rasa_token"
ACTION_SECRET_FILE = "action_secret"


def runtime_secret(runtime_dir: Path, name: str, nbytes: int = 32) -> str:
    """The secret stored in ``runtime_dir/name``, created (random, mode 600) if missing.

    The file appears atomically (written aside, then hard-linked into place), so two
    processes starting together read the same value."""
    runtime_dir.mkdir(parents=True, exist_ok=True)
    path = runtime_dir / name
    if not path.exists():
        tmp = runtime_dir / f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(nbytes))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race: use its value
        finally:
            tmp.unlink()
    return path.read_text(encoding="ascii").strip()
