"""The back office's data file (``app/data/office.yml``): navigation, the shell's words and
the messages the workbench sends to citizens."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

OFFICE_FILE = Path(__file__).resolve().parent.parent / "data" / "office.yml"


@cache
def office_texts() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(OFFICE_FILE.read_text(encoding="utf-8"))
    return data


def text(section: str, key: str, **values: object) -> str:
    """One message of a section, filled in: ``text("citizen", "note", note=...)``."""
    template = str(office_texts()[section][key])
    return template.format(**values) if values else template
