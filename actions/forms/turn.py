"""What the citizen just said, read for the forms: the turn itself (an officer wanted? a
question?), the buttons just offered, a correction, a short choice among buttons."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker

from core.lang import answers
from core.lang.text import normalise

HANDOFF_WORDS = ("petugas", "operator", "manusia", "orang asli", "customer service", "admin", " cs")
HANDOFF_INTENT_MIN = 0.7
QUESTION_INTENT_MIN = 0.45  # with a question's shape (a question word or "?")
MAX_CHOICE_WORDS = 4  # longer replies are read as answers in their own words
# fmt: off
QUESTION_WORDS = ("apa", "apakah", "bagaimana", "gimana", "berapa", "kapan", "dimana", "di mana",
                  "mana", "syarat", "cara", "bisakah", "boleh", "kenapa", "mengapa")
# fmt: on


@dataclass
class Turn:
    """What the citizen just said."""

    text: str
    intent: str
    confidence: float
    requested: str | None
    entities: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, tracker: Tracker) -> Turn:
        msg = tracker.latest_message or {}
        intent = msg.get("intent") or {}
        return cls(
            text=str(msg.get("text") or "").strip(),
            intent=str(intent.get("name") or ""),
            confidence=float(intent.get("confidence") or 0.0),
            requested=tracker.get_slot("requested_slot"),
            entities=list(msg.get("entities") or []),
        )

    @property
    def is_button(self) -> bool:
        return self.text.startswith("/")

    def wants_officer(self) -> bool:
        if self.intent == "request_human" and self.confidence >= HANDOFF_INTENT_MIN:
            return True
        norm = f" {normalise(self.text)} "
        asks = any(w in norm for w in (" bicara ", " ngomong ", " sambungkan ", " hubungkan "))
        return asks and any(w in norm for w in HANDOFF_WORDS)

    def is_question(self) -> bool:
        if self.intent not in ("faq", "ask_info") or self.confidence < QUESTION_INTENT_MIN:
            return False
        norm = normalise(self.text)
        return "?" in self.text or any(f" {w} " in f" {norm} " for w in QUESTION_WORDS)


def offered_buttons(tracker: Tracker) -> list[dict[str, Any]]:
    """The buttons of the assistant's last message before the citizen's latest one."""
    seen_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                return []
            seen_user = True
        elif kind == "bot" and seen_user:
            buttons = (event.get("data") or {}).get("buttons") or []
            if buttons:
                return list(buttons)
    return []


CORRECTION = re.compile(
    r"\b(salah|ganti|ganti(?:kan)?|ubah|ralat|koreksi|bukan|keliru|maksud saya|yang benar)\b", re.I
)


def is_correction(text: str) -> bool:
    """ "eh salah, alamatnya ...", "ganti jamnya jam 10", "bukan lampu, tapi ..." """
    return bool(CORRECTION.search(text))


def short_choice(text: str, titles: list[str]) -> int | None:
    """A button named by a short reply ("yang kedua", "anonim aja"); a sentence is not read
    as a choice (a typo-tolerant match would take "bisa" for "Biasa")."""
    if len(text.split()) > MAX_CHOICE_WORDS:
        return None
    return answers.pick_choice(text, titles)
