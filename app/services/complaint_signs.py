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


@lru_cache(maxsize=1)
def problem_keywords() -> tuple[str, ...]:
    """The category keywords (complaint_categories.yml) that name a problem, not only a
    thing: those containing a sign's problem ("jalan berlubang", "air mati", "tersumbat",
    "pungli"); "sampah", "pdam" or "tps" alone name a thing a question may be about."""
    from app.services.complaints.routing import routing

    problems = {p for _, kinds in signs().items() for p in kinds[1]}
    found = []
    for category in routing().categories.values():
        for keyword in category.keywords:
            padded = f" {keyword} "
            if any(f" {p} " in padded for p in problems):
                found.append(keyword)
    return tuple(found)


def names_problem(text: str) -> bool:
    """Whether a message names a city problem the complaint reader knows: a thing and its
    problem (:func:`by_signs`), or a keyword that is a problem in itself. "sampah di gang
    kami diangkut seminggu berapa kali" names none; "jalan rusak parah, kapan diperbaiki?"
    does."""
    if by_signs(text) is not None:
        return True
    plain = " ".join(clauses(text))
    padded = f" {plain} "
    return any(f" {keyword} " in padded for keyword in problem_keywords())


def names_thing(text: str) -> bool:
    """Whether a message names a thing a complaint may be about (a sign's thing: "jalan",
    "sampah", "lampu", "pkl"), with or without a problem."""
    things = {thing for entry in signs().values() for thing in entry[0]}
    return any(_positions(clause.split(), thing) for clause in clauses(text) for thing in things)
