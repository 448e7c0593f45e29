"""Citizen-facing Indonesian text of the voice package (``voice/data/id.yml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_FILE = Path(__file__).resolve().parent / "data" / "id.yml"


@cache
def _catalogue() -> dict[str, str]:
    with _FILE.open(encoding="utf-8") as fh:
        data: dict[str, str] = yaml.safe_load(fh)
    return data


def t(key: str, **params: Any) -> str:
    """Text for ``key``; a missing key is a programming error and raises KeyError."""
    return _catalogue()[key].format(**params)
