"""The fifth held-out set (tests/data/nlu_heldout_fresh2.yml) and its follow-ups
(followups_fresh2.yml): never trained on, no sentence of another evaluation set, real topics
and aspects."""

from __future__ import annotations

import yaml

from app.services.knowledge import get_knowledge_base, load_topics
from tests.nlu.test_data import examples, key
from tests.nlu.test_understanding_data import (
    ADDED_AFTER_HELDOUT,
    DATA,
    followup_texts,
    training_keys,
)

FRESH2 = DATA / "nlu_heldout_fresh2.yml"
FOLLOWUPS2 = DATA / "followups_fresh2.yml"


def followups2() -> list[dict[str, str]]:
    return list(yaml.safe_load(FOLLOWUPS2.read_text(encoding="utf-8"))["followups"])


def test_fresh2_is_never_trained_on_nor_another_sets_sentence() -> None:
    training = training_keys()
    texts = [t for _, t in examples(FRESH2)] + [c["text"] for c in followups2()]
    assert [t for t in texts if key(t) in training] == []
    others = {
        key(t) for path in DATA.glob("nlu_*.yml") if path != FRESH2 for _, t in examples(path)
    }
    others |= {key(c["text"]) for c in followup_texts()}
    assert [t for t in texts if key(t) in others] == []


def test_fresh2_asks_every_topic_and_what_the_city_lacks() -> None:
    held = examples(FRESH2)
    assert len(held) >= 120
    asked = {i.split("/", 1)[1] for i, _ in held if i.startswith("faq/")}
    assert asked == {t.id for t in load_topics()} - ADDED_AFTER_HELDOUT
    assert len([i for i, _ in held if i == "out_of_scope"]) >= 10


def test_fresh2_followups_name_real_topics_and_aspects() -> None:
    kb = get_knowledge_base()
    aspects = {a.name for a in kb.aspects}
    cases = followups2()
    assert len(cases) >= 40
    for case in cases:
        assert case["after"] in kb.by_id and case["topic"] in kb.by_id, case
        assert case["aspect"] is None or case["aspect"] in aspects, case
    assert len([c for c in cases if c["topic"] != c["after"]]) >= 5
