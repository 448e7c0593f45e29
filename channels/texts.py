"""Text the channel adapters send themselves (voice and media answers), in Indonesian."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_FILE = Path(__file__).resolve().parent / "texts_id.yml"


@cache
def _catalogue() -> dict[str, str]:
    with _FILE.open(encoding="utf-8") as fh:
        data: dict[str, str] = yaml.safe_load(fh)
    return data


def ct(key: str, **params: Any) -> str:
    """Channel text for ``key``; a missing key is a programming error (KeyError)."""
    return _catalogue()[key].format(**params)
