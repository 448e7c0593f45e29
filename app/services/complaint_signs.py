"""Recognising a complaint category from a plain description: a thing and a problem named
in the same sentence (``app/data/complaint_signs.yml``), with any words between them.

Used after the exact keywords of ``complaint_categories.yml`` found nothing. Text is read
through :func:`core.lang.text.clauses`, so colloquial spellings are folded first.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from core.lang.text import clauses

DATA = Path(__file__).resolve().parents[1] / "data" / "complaint_signs.yml"
MAX_SUFFIX = 3  # "lampunya", "berlubangnya": a sign word with a short suffix still counts


@lru_cache(maxsize=1)
def signs() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    raw = yaml.safe_load(DATA.read_text("utf-8")) or {}
    return {
        str(code): (
            tuple(str(w).lower() for w in entry.get("things", [])),
            tuple(str(w).lower() for w in entry.get("problems", [])),
        )
        for code, entry in raw.items()
    }


def _positions(words: list[str], phrase: str) -> list[int]:
    parts = phrase.split()
    found = []
    for i in range(len(words) - len(parts) + 1):
        window = words[i : i + len(parts)]
        if all(
            w == p or (w.startswith(p) and len(w) - len(p) <= MAX_SUFFIX and len(p) >= 3)
            for w, p in zip(window, parts, strict=True)
        ):
            found.append(i)
    return found


def by_signs(text: str) -> str | None:
    """The category with most things and problems named in one clause (then the closest
    pair): "dahan pohon mangga di taman patah" is a tree, not a broken park."""
    best: tuple[int, int, str] | None = None  # (-named, distance, code)
    for clause in clauses(text):
        words = clause.split()
        for code, (things, problems) in signs().items():
            t_at = {i: t for t in things for i in _positions(words, t)}
            p_at = {i: p for p in problems for i in _positions(words, p)}
            gaps = [abs(t - p) for t in t_at for p in p_at if t != p]
            if not gaps:
                continue  # one word cannot be both the thing and its problem
            named = len(set(t_at.values())) + len(set(p_at.values()))
            key = (-named, min(gaps), code)
            if best is None or key < best:
                best = key
    return best[2] if best else None
