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


def _fits(word: str, part: str) -> bool:
    """A sign word as written or with a short suffix ("lampunya" for "lampu")."""
    return word == part or (
        word.startswith(part) and len(word) - len(part) <= MAX_SUFFIX and len(part) >= 3
    )


def _positions(words: list[str], phrase: str) -> list[int]:
    """Where ``phrase`` starts in ``words``, by a scan of every window (what :func:`_found`
    gives by a look-up; kept as the plain statement of the rule)."""
    parts = phrase.split()
    found = []
    for i in range(len(words) - len(parts) + 1):
        window = words[i : i + len(parts)]
        if all(_fits(w, p) for w, p in zip(window, parts, strict=True)):
            found.append(i)
    return found


def _starts(words: list[str]) -> dict[str, list[int]]:
    """Where each sign word a clause's words can be starts: a word fits exactly the sign
    words that are itself or itself less a suffix of up to MAX_SUFFIX letters leaving at
    least 3 (:func:`_fits`), so one look-up per sign replaces a scan of the clause."""
    at: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        at.setdefault(word, []).append(i)
        for cut in range(1, MAX_SUFFIX + 1):
            if len(word) - cut >= 3:
                at.setdefault(word[:-cut], []).append(i)
    return at


def _found(words: list[str], at: dict[str, list[int]], parts: tuple[str, ...]) -> list[int]:
    """:func:`_positions` of a phrase split into ``parts``, through the clause's
    :func:`_starts`: the same positions, in the same order."""
    first = at.get(parts[0])
    if not first or len(parts) == 1:
        return first or []
    last = len(words) - len(parts)
    return [
        i
        for i in first
        if i <= last and all(_fits(words[i + j], p) for j, p in enumerate(parts[1:], 1))
    ]


Phrases = tuple[tuple[str, tuple[str, ...]], ...]  # each phrase with its words


@lru_cache(maxsize=1)
def _sign_parts() -> tuple[tuple[str, Phrases, Phrases], ...]:
    """:func:`signs` with each phrase split into its words once: (code, things, problems).
    (A phrase of no words, which the data has none of, would be found everywhere by
    :func:`_positions`; here it is left out.)"""
    return tuple(
        (
            code,
            tuple((t, tuple(t.split())) for t in things if t.split()),
            tuple((p, tuple(p.split())) for p in problems if p.split()),
        )
        for code, (things, problems) in signs().items()
    )


STREET_ABBREVIATIONS = frozenset({"jl", "jln", "gg"})


def _is_address(words: list[str], i: int, thing: str) -> bool:
    """An abbreviated street followed by a word that is no sign word: "jl ciplukan"."""
    if thing not in STREET_ABBREVIATIONS or i + 1 >= len(words):
        return False
    after = words[i + 1]
    return not any(_fits(after, p) for _, (things, problems) in signs().items() for p in problems)


def _single(word: str) -> str:
    """A doubled word as its first half: "diangkut-angkut" (never taken away), "bolong-bolong",
    "rusak-rusak" read as the sign word they double (bench y-04's rubbish "kagak
    diangkut-angkut udeh seminggu" named no problem)."""
    first, dash, second = word.partition("-")
    return first if dash and second and first.endswith(second) else word


def by_signs(text: str) -> str | None:
    """The category with most things and problems named in one clause (then the closest
    pair): "dahan pohon mangga di taman patah" is a tree, not a broken park."""
    best: tuple[int, bool, int, str] | None = None  # (-named, address, distance, code)
    for clause in clauses(text):
        words = [_single(word) for word in clause.split()]
        at = _starts(words)
        for code, things, problems in _sign_parts():
            t_at = {i: t for t, parts in things for i in _found(words, at, parts)}
            p_at = {i: p for p, parts in problems for i in _found(words, at, parts)}
            gaps = [abs(t - p) for t in t_at for p in p_at if t != p]
            if not gaps:
                continue  # one word cannot be both the thing and its problem
            named = len(set(t_at.values())) + len(set(p_at.values()))
            # "halte di jl ciplukan ... bolong": a street written as an address ("jl" and
            # a name) is where the thing is, weaker than a thing of its own
            address = all(_is_address(words, i, t) for i, t in t_at.items())
            key = (-named, address, min(gaps), code)
            if best is None or key < best:
                best = key
    return best[3] if best else None


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
    things = {parts for _, kinds, _ in _sign_parts() for _, parts in kinds}
    for clause in clauses(text):
        words = clause.split()
        at = _starts(words)
        if any(_found(words, at, parts) for parts in things):
            return True
    return False
