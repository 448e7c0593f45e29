"""scripts/eval_system.py: the semantic-layer toggle of `make eval` and the system's reply to a
parse (the same choice the inquiry actions make)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import yaml

from app.services.knowledge import ROOT, get_knowledge_base


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EVAL = load("eval_system")


def names(config: dict) -> list[str]:
    return [c["name"] for c in config["pipeline"]]


def test_semantic_layer_toggles_both_ways() -> None:
    config = yaml.safe_load((ROOT / "bot" / "config.yml").read_text())
    toggled, label = EVAL.toggle_semantic_layer(config)
    back, label_back = EVAL.toggle_semantic_layer(toggled)
    assert {label, label_back} == {"with", "without"}
    assert names(back) == names(config)
    with_e5 = toggled if label == "with" else config
    assert EVAL.E5_FEATURIZER in names(with_e5) and EVAL.E5_INDEX in names(with_e5)
    pipeline = with_e5["pipeline"]
    e5 = names(with_e5).index(EVAL.E5_FEATURIZER)
    assert names(with_e5)[e5 + 1] == "LogisticRegressionClassifier"
    selector = next(c for c in pipeline if c["name"] == "ResponseSelector")
    assert "e5" not in selector["featurizers"] and len(selector["featurizers"]) == 4


def parse(text: str, intent: str, topic: str | None = None, conf: float = 0.9) -> dict:
    ranking = [{"intent_response_key": f"faq/{topic}", "confidence": conf}] if topic else []
    return {
        "text": text,
        "intent": {"name": intent, "confidence": conf},
        "response_selector": {"faq": {"ranking": ranking}},
    }


def test_reply_to_a_parse_follows_the_inquiry_actions() -> None:
    kb = get_knowledge_base()
    reply = EVAL.reply_to(kb, parse("syarat bikin ktp", "faq", "ktp_baru"), None, 0.5)
    assert reply.kind == "answer" and reply.topic.id == "ktp_baru"
    reply = EVAL.reply_to(kb, parse("biayanya berapa", "ask_followup"), "akta_kelahiran", 0.5)
    assert reply.topic.id == "akta_kelahiran" and reply.aspect.field == "cost"
    # emergencies and other skills get no inquiry answer
    assert EVAL.reply_to(kb, parse("ada kebakaran", "faq", "damkar_non_darurat"), None, 0.5) is None
    assert EVAL.reply_to(kb, parse("lampu mati", "file_complaint"), "ktp_baru", 0.5) is None


def test_score_counts_a_clarification_as_a_wrong_topic(tmp_path: Path, monkeypatch) -> None:
    import actions.inquiry_choice

    # every tier lost, BM25 too: each FAQ question is clarified
    monkeypatch.setattr(actions.inquiry_choice, "bm25_standing_alone", lambda kb, text: None)
    texts = EVAL.all_texts()
    parses = [parse(t, "faq", None, 0.0) for t in texts]  # a lost model: nothing answered
    (tmp_path / "p.json").write_text(
        json.dumps({"model": "lost", "parse_ms_per_message": 1.0, "parses": parses})
    )
    result = EVAL.score(tmp_path / "p.json")
    assert result["voices"]["messages"] >= 300
    assert result["voices"]["topic_accuracy"] == 0.0
    assert result["emergency_table"]["complaint_ok"] == 0  # not one taken as a complaint


def test_a_question_taken_for_a_complaint_is_scored_as_answered() -> None:
    """action_complaint_start answers a question the three rankers agree on
    (actions/complaint/question.py); the scorer counts that answer and that outcome."""
    kb = get_knowledge_base()
    text = "Mohon maaf, saya ingin menanyakan alamat kantor Balai Kota"
    message = {
        **parse(text, "file_complaint", "lokasi_kantor", 0.6),
        "semantic_topics": [{"topic": "lokasi_kantor", "score": 0.9}],
    }
    reply = EVAL.reply_to(kb, message, None, 0.5)
    assert reply.kind == "answer" and reply.topic.id == "lokasi_kantor"
    assert EVAL.intent_outcome(kb, message) == "faq"
    # a report with a question mark, all three rankers on one topic: still a complaint
    report = {
        **parse("jalan rusak parah, kapan diperbaiki?", "file_complaint", "ktp_rusak", 0.6),
        "semantic_topics": [{"topic": "ktp_rusak", "score": 0.9}],
    }
    assert kb.search(report["text"], limit=1)[0].topic.id == "ktp_rusak"
    assert EVAL.reply_to(kb, report, None, 0.5) is None
    assert EVAL.intent_outcome(kb, report) == "file_complaint"


def test_a_question_outside_the_knowledge_base_is_declined_only_without_an_answer() -> None:
    """fresh2's out_of_scope questions: the out-of-scope reply, a clarification (with the
    officer button) or a fallback declines; a topic's answer or a form started does not."""
    kb = get_knowledge_base()
    text = "cara daftar sekolah pilot"
    assert EVAL.declines(kb, parse(text, "out_of_scope"), 0.5)
    assert EVAL.declines(kb, parse(text, "faq", None, 0.0), 0.5)  # asked back
    assert not EVAL.declines(kb, parse(text, "faq", "ktp_baru", 0.95), 0.5)  # a wrong answer
    assert not EVAL.declines(kb, parse(text, "book_facility"), 0.5)  # a form started
    # another office's service (knowledge_base/elsewhere.yml) is named with that office
    paspor = parse("cara bikin paspor buat umroh", "faq", "ktp_baru", 0.95)
    assert EVAL.reply_to(kb, paspor, None, 0.5).kind == "elsewhere"
    assert EVAL.declines(kb, paspor, 0.5)


def test_a_followup_asking_an_aspect_the_base_lacks_is_wrong() -> None:
    kb = get_knowledge_base()
    text = "biayanya berapa"
    by_text = {text: parse(text, "ask_followup")}
    known = {"after": "sim", "text": text, "topic": "sim", "aspect": "cost"}
    assert EVAL.score_followups(kb, by_text, [known], 0.5)["accuracy"] == 1.0
    unknown = {**known, "aspect": "no_such_aspect"}
    assert EVAL.score_followups(kb, by_text, [unknown], 0.5)["accuracy"] == 0.0
