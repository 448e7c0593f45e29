"""The NLU data itself: the held-out set is separate, large and complete; skill labels cover
every intent of the contract and of the domain."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from app.services.knowledge import ROOT, load_topics
from bot.components.colloquial import normalize_text

HELDOUT = ROOT / "tests" / "data" / "nlu_heldout.yml"
FRESH = ROOT / "tests" / "data" / "nlu_heldout_fresh.yml"
CONTRACT_INTENTS = {
    "greet", "goodbye", "thanks", "affirm", "deny", "help", "out_of_scope", "ask_info",
    "file_complaint", "book_facility", "request_human", "faq", "emergency",
    "check_complaint_status", "share_location", "share_image", "rate_service",
    "check_availability", "cancel_booking", "reschedule_booking",
}  # fmt: skip
SKILLS = {
    "inquiry", "complaint", "booking", "cancel_booking", "status_check", "handoff",
    "emergency", "greet", "goodbye", "thanks", "out_of_scope", "other",
}  # fmt: skip
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def examples(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for block in data.get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block["examples"]).splitlines():
            line = line.strip()
            if line.startswith("- "):
                out.append((block["intent"], ANNOTATION.sub(r"\1", line[2:]).strip()))
    return out


def key(text: str) -> str:
    return normalize_text(text)


def test_heldout_has_300_messages_covering_every_contract_intent() -> None:
    held = examples(HELDOUT)
    assert len(held) >= 300
    intents = {i.split("/", 1)[0] for i, _ in held}
    assert intents >= CONTRACT_INTENTS
    topics = {t.id for t in load_topics()}
    faq_topics = {i.split("/", 1)[1] for i, _ in held if i.startswith("faq/")}
    assert faq_topics <= topics
    assert len(faq_topics) >= 0.9 * len(topics)


def test_heldout_never_overlaps_training_data() -> None:
    training: set[str] = set()
    for path in (ROOT / "nlu_data").glob("*.yml"):
        training |= {key(t) for _, t in examples(path)}
    for topic in load_topics():
        training |= {key(e) for e in topic.examples}
    for path in (HELDOUT, FRESH):
        overlap = [t for _, t in examples(path) if key(t) in training]
        assert overlap == [], path.name


def test_skill_labels_cover_every_intent() -> None:
    skills = yaml.safe_load((ROOT / "nlu_data" / "skills.yml").read_text())["skills"]
    assert set(skills.values()) <= SKILLS
    assert set(skills) >= CONTRACT_INTENTS
    domain_intents: set[str] = set()
    for path in (ROOT / "bot" / "domain").glob("*.yml"):
        for intent in (yaml.safe_load(path.read_text()) or {}).get("intents") or []:
            domain_intents.add(intent if isinstance(intent, str) else next(iter(intent)))
    missing = domain_intents - set(skills)
    assert not missing, f"intents without a skill label in nlu_data/skills.yml: {missing}"
