"""The text catalogue: every citizen- and staff-facing Indonesian sentence that the Python code,
the kiosk and the console say (the assistant's own answers stay in the Rasa domain,
``bot/domain/*.yml``).

The catalogue is ``texts/id/*.yml`` at the repository's top level, one file per area; a key is
the file's stem, then the path inside the file, joined by dots::

    t("voice.audio_too_long", max_s=30)        # texts/id/voice.yml, audio_too_long
    t("office.citizen.note", note="...")       # texts/id/office.yml, citizen: note:
    section("kiosk")                           # the whole of texts/id/kiosk.yml

A missing key is a programming error and raises :class:`KeyError`; a test scans the code for
every ``t("...")`` and checks that its key exists.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

TEXTS_DIR = Path(__file__).resolve().parents[1] / "texts" / "id"


@cache
def catalogue() -> dict[str, Any]:
    """Every file of the catalogue, by stem (read once)."""
    out: dict[str, Any] = {}
    for path in sorted(TEXTS_DIR.glob("*.yml")):
        out[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return out


def lookup(key: str) -> Any:
    """The catalogue's value at a dotted ``key`` (a text, a list or a block)."""
    node: Any = catalogue()
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(key)
        node = node[part]
    return node


def t(key: str, **params: Any) -> str:
    """The text at ``key`` with its ``{placeholders}`` filled in from ``params``."""
    value = lookup(key)
    if not isinstance(value, str):
        raise KeyError(f"{key} is a block, not a text")
    return value.format(**params)


def section(prefix: str) -> dict[str, Any]:
    """The block at ``prefix`` (e.g. ``"kiosk"``), as it is in the file: for callers that need
    a whole block (a page's words sent to the browser, a table of labels)."""
    value = lookup(prefix)
    if not isinstance(value, dict):
        raise KeyError(f"{prefix} is a text, not a block")
    return value
