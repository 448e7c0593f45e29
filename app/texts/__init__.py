"""Message catalogue for citizen-facing text that the app (not Rasa) sends."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_DIR = Path(__file__).resolve().parent


@cache
def _catalogue(lang: str) -> dict[str, str]:
    with (_DIR / f"{lang}.yml").open(encoding="utf-8") as fh:
        data: dict[str, str] = yaml.safe_load(fh)
    return data


def t(key: str, lang: str = "id", **params: Any) -> str:
    """Text for ``key``; a missing key is a programming error and raises KeyError."""
    return _catalogue(lang)[key].format(**params)
