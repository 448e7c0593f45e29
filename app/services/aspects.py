"""Follow-up aspects (``knowledge_base/followups.yml``): what a short follow-up asks about the
topic just answered ("berapa biayanya?": its cost), as a topic field and the phrases that ask it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.components.colloquial import normalize_text


@dataclass(frozen=True)
class Aspect:
    """What a follow-up asks about the last topic: a topic field and the phrases that ask it.
    ``people``: words that, in a message asking this aspect, say who ("bisa diwakilkan orang
    tua saya?") rather than name another topic."""

    name: str
    field: str
    phrases: tuple[str, ...]
    people: tuple[str, ...] = ()
    # regular expressions over the normalised text, for what a phrase list cannot say
    # ("belum 17 tahun", "di bawah 5 tahun": any age)
    patterns: tuple[re.Pattern[str], ...] = ()
    # asked only of a topic that has an answer for it: its words ("lansia", "lumpuh") are
    # about something else after other topics
    optional: bool = False

    def asked_in(self, norm: str) -> bool:
        """``norm``: normalised text padded with spaces."""
        return any(f" {p} " in norm for p in self.phrases) or any(
            r.search(norm) for r in self.patterns
        )

    def value(self, topic: Any) -> str:
        raw = getattr(topic, self.field)
        if isinstance(raw, tuple):
            return "; ".join(raw)
        return str(raw or "")


def parse_aspects(data: dict[str, Any], fields: frozenset[str]) -> tuple[Aspect, ...]:
    """The aspects of a parsed ``followups.yml``; ``fields``: the topic's field names.
    ValueError names an aspect whose field is none of them."""
    aspects = []
    for name, raw in (data.get("aspects") or {}).items():
        field_name = str(raw.get("field") or "")
        if field_name not in fields:
            raise ValueError(f"aspect {name} names no topic field")
        phrases = tuple(normalize_text(str(p)) for p in raw.get("phrases") or [])
        people = tuple(normalize_text(str(p)) for p in raw.get("people") or [])
        aspects.append(
            Aspect(
                str(name),
                field_name,
                tuple(p for p in phrases if p),
                tuple(sorted((p for p in people if p), key=len, reverse=True)),
                tuple(re.compile(str(r)) for r in raw.get("patterns") or []),
                bool(raw.get("optional", False)),
            )
        )
    return tuple(aspects)
