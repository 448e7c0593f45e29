"""The words of the pages that are not the assistant: ``GET /api/texts/kiosk`` and
``GET /api/texts/console`` serve those blocks of the text catalogue (``texts/id/kiosk.yml``,
``texts/id/console.yml``; :mod:`core.texts`). Public: they hold no data, only the pages'
labels and sentences, which the pages read at start."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from core.errors import NotFound
from core.texts import section

router = APIRouter(prefix="/api/texts", tags=["texts"])

PAGES = ("kiosk", "console")


@router.get("/{page}")
def page_texts(page: str, response: Response) -> dict[str, Any]:
    if page not in PAGES:
        raise NotFound("unknown page")
    response.headers["Cache-Control"] = "no-cache"
    return section(page)
