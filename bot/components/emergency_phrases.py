"""The emergency phrases of ``knowledge_base/emergency.yml`` and when they count: read by the
NLU's :class:`bot.components.emergency_net.EmergencyNet` and by the knowledge base
(``KnowledgeBase.is_emergency``), so both nets agree.

A phrase counts wherever it appears, except in a message about replacing a lost or ruined
document (``lost_papers``): "dokumen saya hanyut kena banjir", "akta saya hilang waktu
kebakaran, mau bikin lagi" ask for new papers, not for 112 -- unless it also names a person in
danger ("anak saya hanyut, ktp-nya juga").

No Rasa import: the application environment reads this too (Python 3.10 compatible).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.components.colloquial import normalize_text

PHRASES = Path(__file__).resolve().parents[2] / "knowledge_base" / "emergency.yml"


def _normalised(values: Any) -> tuple[str, ...]:
    out = (normalize_text(str(v)) for v in values or [])
    return tuple(v for v in out if v)


def _any_in(norm: str, phrases: tuple[str, ...]) -> bool:
    return any(f" {p} " in norm for p in phrases)


@dataclass(frozen=True)
class EmergencyPhrases:
    number: str
    phrases: tuple[str, ...]
    documents: tuple[str, ...] = ()  # what a citizen may lose: "kk", "akta", "ijazah"
    replace: tuple[str, ...] = ()  # asking for new papers: "bikin lagi", "cetak ulang"
    people: tuple[str, ...] = ()  # someone in danger: "anak", "orang", "korban"

    @classmethod
    def load(cls, path: Path = PHRASES) -> EmergencyPhrases:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        lost: dict[str, Any] = data.get("lost_papers") or {}
        return cls(
            number=str(data.get("number") or "112"),
            phrases=_normalised(data.get("phrases")),
            documents=_normalised(lost.get("documents")),
            replace=_normalised(lost.get("replace")),
            people=_normalised(lost.get("people")),
        )

    def lost_papers(self, norm: str) -> bool:
        """``norm`` (normalised, space-padded) asks to replace a document and names no
        person in danger (a person owning the document, "akta anak saya", is none)."""
        if not (_any_in(norm, self.documents) and _any_in(norm, self.replace)):
            return False
        docs = "|".join(re.escape(d) for d in sorted(self.documents, key=len, reverse=True))
        owners = "|".join(re.escape(p) for p in self.people)
        without_owners = re.sub(rf"\b({docs}) ({owners})\b", r"\1", norm)
        return not _any_in(without_owners, self.people)

    def matches(self, text: str) -> bool:
        """True when the message is an emergency by its words."""
        norm = f" {normalize_text(text)} "
        return _any_in(norm, self.phrases) and not self.lost_papers(norm)
