"""A part of an address corrected inside the same sentence, kept only as corrected.

People correct themselves while they type or speak: "jalan di gg duwet rt 04 eh salah,
maksud saya RT 05 rw 02 karanganyar rusak parah", "di jl nanas rt 02, eh bukan rt 02, rt 03
kebonsari", "no 8 eh keliru no 3", "di jl mawar eh salah jl melati sukasari".
:func:`restated` returns the sentence with the old part replaced by the new one ("jalan di gg
duwet RT 05 rw 02 karanganyar rusak parah"), so that what reads the place never sees both.

Only a part of the same kind is replaced (an RT or RW by an RT or RW, a house number by a
number, a street by a street), and only when the old one is named just before the marker or
in it ("bukan rt 02"); any other "salah" ("salah satu", "petugasnya salah kasih info") leaves
the text as it is.
"""

from __future__ import annotations

import re

__all__ = ["restated"]

_SAYS = (
    r"(?:maksud(?:nya|ku|\s+(?:saya|sy|aku|gw|gue|gua))?|(?:yang|yg)\s+bene?r(?:nya)?"
    r"|harusnya|seharusnya)"
)
# "eh salah, maksud saya", "keliru", "ralat:"; "eh bukan rt 02," (the old part named)
_MARKER = re.compile(
    rf"(?:\b(?:eh+|eits|ups)\b[\s,]*)?\b(?:salah|keliru|ralat|sori\s+salah)\b[\s,.:;!]*"
    rf"(?:{_SAYS}\b[\s,.:;]*)?"
    rf"|(?:\b(?:eh+|eits|ups|salah)\b[\s,]*)?\bbukan\s+(?P<old>(?:rt|rw|no|nomor|jl|jln|jalan|gg|gang)"
    rf"\b[^,;]*?)\s*(?:[,;]\s*|\s(?=tapi\b|melainkan\b))(?:(?:tapi|melainkan|{_SAYS})\b[\s,]*)?",
    re.I,
)
_RT_RW = re.compile(r"\b(rt|rw)\.?\s*(\d{1,3})\b", re.I)
_RUN = re.compile(r"(?:\b(?:rt|rw)\.?\s*\d{1,3}\b[\s,/]*)+", re.I)
_NUMBER = re.compile(r"\b(?:no|nomor|nomer|nmr)\.?\s*(\d+[a-z]?)\b", re.I)
_STREET = re.compile(r"\b(?:jl|jln|jalan|gg|gang|lorong)\b\.?", re.I)
_BARE_NUMBER = re.compile(r"^(\d{1,3}[a-z]?)\b", re.I)
_NEAR = 40  # characters: the old part ends at most this far before the marker


def restated(text: str) -> str:
    """``text`` with each in-sentence correction of an address part applied."""
    for _ in range(3):  # a second correction in the same message is rare; three at most
        fixed = _apply_one(text)
        if fixed is None:
            return text
        text = fixed
    return text


def _apply_one(text: str) -> str | None:
    for marker in _MARKER.finditer(text):
        before, after = text[: marker.start()], text[marker.end() :]
        old = marker.group("old")
        fixed = _replace(before, after, old)
        if fixed is not None:
            return fixed
    return None


def _replace(before: str, after: str, old: str | None) -> str | None:
    after = after.lstrip(" ,.:;")
    head = before.rstrip(" ,.:;")
    if (run := _RUN.match(after)) is not None:
        return _renumber(head, run, after, old)
    if (number := _NUMBER.match(after)) is not None:
        last = _last(_NUMBER, head, old)
        if last is None:
            return None
        rest = after[number.end() :].lstrip()
        return f"{head[: last.start()]}{number.group(0)}{head[last.end() :]} {rest}".rstrip()
    if _STREET.match(after) is not None:
        last = _last(_STREET, head, old)
        if last is None:
            return None
        return f"{head[: last.start()]}{after}".rstrip()
    if (bare := _BARE_NUMBER.match(after)) is not None and old is None:
        # "rt 04 eh salah maksudnya 05": the number of the part just said
        unit = re.search(r"\b(rt|rw|no|nomor)\.?\s*(\d{1,3}[a-z]?)\s*$", head, re.I)
        if unit is None:
            return None
        return f"{head[: unit.start(2)]}{bare.group(1)} {after[bare.end() :].lstrip()}".rstrip()
    return None


def _last(pattern: re.Pattern[str], head: str, old: str | None) -> re.Match[str] | None:
    """The last ``pattern`` in ``head`` that the correction replaces: near its end, or the
    one the marker names ("bukan no 8")."""
    found = list(pattern.finditer(head))
    if not found:
        return None
    last = found[-1]
    if old is not None:
        return last if pattern.match(old.strip()) else None
    return last if len(head) - last.start() <= _NEAR else None


def _renumber(head: str, run: re.Match[str], after: str, old: str | None) -> str | None:
    """An RT/RW correction: each RT or RW the new run names replaces the last of its kind
    before the marker; an old run right at the end is replaced as a whole."""
    new = {kind.lower(): f"{kind} {number}" for kind, number in _RT_RW.findall(run.group(0))}
    rest = after[run.end() :].lstrip()
    if old is not None and not _RT_RW.search(old):
        return None
    tail = _RUN.search(head)
    while tail is not None and tail.end() < len(head.rstrip(" ,/")):
        tail = _RUN.search(head, tail.end())
    if tail is not None:  # the old RT/RW ends the words before the marker: replaced whole
        had = [(k.lower(), f"{k} {n}") for k, n in _RT_RW.findall(tail.group(0))]
        merged = [new.pop(k, said) for k, said in had] + list(new.values())
        return f"{head[: tail.start()]}{' '.join(merged)} {rest}".rstrip()
    changed = head
    for kind, said in new.items():
        found = [m for m in _RT_RW.finditer(changed) if m.group(1).lower() == kind]
        if not found or len(changed) - found[-1].start() > _NEAR:
            return None
        m = found[-1]
        changed = f"{changed[: m.start()]}{said}{changed[m.end() :]}"
    return f"{changed} {rest}".rstrip()
