"""The fresh held-out sets (tests/data/nlu_heldout_fresh<N>.yml) and their follow-up sets
(followups_fresh<N>.yml), each written by someone who had not read the training data: never
trained on, no sentence of another evaluation set, every topic asked (but those added after the
set was written), enough out-of-scope questions, follow-ups naming real topics and aspects."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.services.knowledge import get_knowledge_base, load_topics
from tests.nlu.test_data import CONTRACT_INTENTS, examples, key
from tests.nlu.test_understanding_data import (
    ADDED_AFTER_HELDOUT,
    DATA,
    followup_texts,
    training_keys,
)


@dataclass(frozen=True)
class FreshSet:
    name: str
    messages: int  # at least this many messages
    out_of_scope: int  # at least this many questions no city service answers
    followups: int  # at least this many follow-ups
    not_asked: frozenset[str] = frozenset()  # topics added after the set was written
    aspects: frozenset[str] = frozenset()  # aspects the follow-ups must ask
    other_intents: frozenset[str] = field(default=frozenset())  # non-FAQ intents it must hold

    @property
    def heldout(self) -> Path:
        return DATA / f"nlu_heldout_{self.name}.yml"

    @property
    def followup_file(self) -> Path:
        return DATA / f"followups_{self.name}.yml"

    def followup_cases(self) -> list[dict[str, Any]]:
        return list(yaml.safe_load(self.followup_file.read_text(encoding="utf-8"))["followups"])


SETS = [
    FreshSet("fresh2", 120, 10, 40, not_asked=ADDED_AFTER_HELDOUT),
    FreshSet("fresh3", 150, 15, 50, aspects=frozenset({"eligibility", "late"})),
    FreshSet(
        "fresh4",
        150,
        15,
        50,
        aspects=frozenset({"cost", "place", "online", "representation", "legal_basis"}),
        other_intents=frozenset(
            {"greet", "thanks", "file_complaint", "book_facility", "emergency", "request_human"}
        ),
    ),
    FreshSet(
        "fresh5",
        150,
        15,
        50,
        aspects=frozenset({"cost", "late", "eligibility", "representation", "hours"}),
        other_intents=frozenset(
            {"greet", "thanks", "file_complaint", "book_facility", "emergency", "request_human"}
        ),
    ),
    FreshSet(
        "fresh6",
        120,
        15,
        50,
        aspects=frozenset({"cost", "requirements", "representation", "home_service", "online"}),
        other_intents=frozenset(
            {"greet", "thanks", "file_complaint", "book_facility", "emergency", "request_human"}
        ),
    ),
]
IDS = [s.name for s in SETS]


@pytest.mark.parametrize("fresh", SETS, ids=IDS)
def test_fresh_set_is_never_trained_on_nor_another_sets_sentence(fresh: FreshSet) -> None:
    texts = [t for _, t in examples(fresh.heldout)] + [c["text"] for c in fresh.followup_cases()]
    training = training_keys()
    assert [t for t in texts if key(t) in training] == []
    others = {
        key(t)
        for path in DATA.glob("nlu_*.yml")
        if path != fresh.heldout
        for _, t in examples(path)
    }
    others |= {key(c["text"]) for c in followup_texts()}
    for path in DATA.glob("followups_*.yml"):
        if path != fresh.followup_file:
            others |= {key(c["text"]) for c in yaml.safe_load(path.read_text())["followups"]}
    assert [t for t in texts if key(t) in others] == []


@pytest.mark.parametrize("fresh", SETS, ids=IDS)
def test_fresh_set_asks_every_topic_and_what_the_city_lacks(fresh: FreshSet) -> None:
    held = examples(fresh.heldout)
    assert len(held) >= fresh.messages
    asked = {i.split("/", 1)[1] for i, _ in held if i.startswith("faq/")}
    assert asked == {t.id for t in load_topics()} - fresh.not_asked
    assert len([i for i, _ in held if i == "out_of_scope"]) >= fresh.out_of_scope
    intents = {i.split("/", 1)[0] for i, _ in held}
    assert intents <= CONTRACT_INTENTS
    assert fresh.other_intents <= intents


@pytest.mark.parametrize("fresh", SETS, ids=IDS)
def test_fresh_followups_name_real_topics_and_aspects(fresh: FreshSet) -> None:
    kb = get_knowledge_base()
    aspects = {a.name for a in kb.aspects}
    cases = fresh.followup_cases()
    assert len(cases) >= fresh.followups
    for case in cases:
        assert case["after"] in kb.by_id and case["topic"] in kb.by_id, case
        assert case["aspect"] is None or case["aspect"] in aspects, case
    assert len([c for c in cases if c["topic"] != c["after"]]) >= 5
    assert fresh.aspects <= {c["aspect"] for c in cases}
