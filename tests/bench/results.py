"""The citizens and personas the bench loads, and what a conversation leaves behind: its
turns, its outcome, its loops."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.bench.questions import OUTCOMES

HERE = Path(__file__).resolve().parent
MAX_TURNS = 25
QUESTION_KINDS_EXCLUDED = OUTCOMES | {"faq_answer", "silent", "menu"}


@dataclass
class Turn:
    said: str
    replies: list[dict[str, Any]]
    kind: str
    question: str


@dataclass
class Result:
    id: str
    goal: str
    persona: str
    success: bool = False
    reason: str = ""
    turns: list[Turn] = field(default_factory=list)
    code_turn: int | None = None  # citizen turns until the LPR/BK code (1-based)
    loops: int = 0
    saved: str = ""  # the transcript, when read back from a saved run

    def transcript(self) -> str:
        if self.saved:
            return self.saved
        lines = []
        for t in self.turns:
            lines.append(f"> {t.said}")
            for m in t.replies:
                btns = " ".join(f"[{b.get('title')}|{b.get('payload')}]" for b in m["buttons"])
                lines.append(f"< {m.get('text', '')} {btns}".rstrip())
            lines.append(f"  ({t.kind})")
        return "\n".join(lines)


def count_loops(turns: list[Turn]) -> int:
    """Loops: runs of three or more consecutive assistant turns that ask the same question
    (the same text, or the same kind of question). One run counts once, however long."""
    loops = 0
    run = 1
    for prev, cur in itertools.pairwise(turns):
        asking = cur.kind not in QUESTION_KINDS_EXCLUDED and cur.question
        same = asking and (
            cur.question == prev.question or (cur.kind != "unknown" and cur.kind == prev.kind)
        )
        run = run + 1 if same else 1
        if run == 3:
            loops += 1
    return loops


def load_personas(path: Path = HERE / "personas.yml") -> dict[str, dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_citizens(folder: Path = HERE / "citizens") -> list[dict[str, Any]]:
    """Every citizen of every goal file; the goal is the file's `goal`."""
    out: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for spec in data["citizens"]:
            out.append({"goal": data["goal"], **spec})
    return out


def accepted(questions: list[dict[str, Any]], text: str) -> bool:
    """The reply says what the first of ``questions`` accepts (`accept`: "pln", "pt kai")."""
    accept = questions[0].get("accept", []) if questions else []
    return any(a.lower() in text.lower() for a in accept)


def summary_mistake(spec: dict[str, Any], summary: str) -> str | None:
    """What a citizen who reads the summary finds wrong in it: a pattern of its
    `summary_has` (regexes, lower case) missing, or one of its `summary_lacks` present (a
    location that swallowed the rest of the sentence, an old street after a correction)."""
    low = summary.lower()
    for pattern in spec.get("summary_has", []):
        if not re.search(pattern, low):
            return f"the summary lacks {pattern!r}"
    for pattern in spec.get("summary_lacks", []):
        if re.search(pattern, low):
            return f"the summary shows {pattern!r}"
    return None


def code_forms(code: str) -> dict[str, str]:
    """A ticket or booking code as people type or say it."""
    return {
        "code": code,
        "code_lower": code.lower(),  # "lpr-2026-000123"
        "code_spaced": code.replace("-", " "),  # "LPR 2026 000123"
        "code_bare": re.sub(r"^[A-Z]+-", "", code),  # "2026-000123"
        "code_nodash": code.replace("-", ""),  # "LPR2026000123"
        "code_short": re.sub(r"-0+(?=\d)", "-", code),  # "LPR-2026-123"
        "code_typo": _swapped(code),  # "bk-7km39q": two neighbours swapped, as typed fast
    }


def _swapped(code: str) -> str:
    """The code with its 3rd and 4th characters after the prefix swapped, in lower case (a
    typo that keeps the code's shape; the same code when those two are alike)."""
    head, dash, tail = code.rpartition("-")
    if len(tail) < 4:
        return code.lower()
    return (head + dash + tail[:2] + tail[3] + tail[2] + tail[4:]).lower()


def heard(spec: dict[str, Any], text: str) -> bool:
    """The assistant's first turn matches one of the citizen's `first_reply_has` (regexes,
    lower case): an angry resident hears an apology or an acknowledgement first."""
    patterns = spec.get("first_reply_has", [])
    return not patterns or any(re.search(p, text.lower()) for p in patterns)
