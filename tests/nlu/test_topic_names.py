"""A service's name alone is a question (bot/components/topic_names.py), run in the Rasa
environment; the knowledge base's names are each one topic's."""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict

from actions.inquiry_choice import decide
from app.services.knowledge import ROOT, get_knowledge_base, load_topics
from bot.components.colloquial import normalize_text

RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"
CODE = """
import json
from rasa.shared.nlu.training_data.message import Message
from bot.components.topic_names import TopicNameNet
net = TopicNameNet({})
out = []
for text, intent in [
    ("LOAKK", "affirm"),
    ("info SKPWNI min", "ask_info"),
    ("apa itu nib?", "nlu_fallback"),
    ("ya", "affirm"),
    ("halo min", "greet"),
    ("pungli", "file_complaint"),
    ("skck hilang di jalan", "nlu_fallback"),
    ("/affirm", "affirm"),
    ("mau nanya pbb saya kok tagihannya naik ya", "ask_info"),
    ("saya mau bertanya sesuatu, boleh?", "ask_info"),
]:
    m = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.4}})
    net.process([m])
    out.append([m.get("intent")["name"], m.get("topic_name")])
print(json.dumps(out))
"""


def test_a_bare_name_read_as_short_talk_becomes_a_question() -> None:
    proc = subprocess.run(
        [str(RASA_PY), "-c", CODE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    intents = json.loads(proc.stdout.strip().splitlines()[-1])
    # names alone (fillers aside) -> faq and the named topic; a skill's intent keeps its
    # intent (the topic is still named); short talk, a longer message and a button payload
    # are left as the classifier said
    assert intents == [
        ["faq", "loakk"], ["faq", "pindah_keluar"], ["faq", "nib_oss"], ["affirm", None],
        ["greet", None], ["file_complaint", "pengaduan_pungli"], ["nlu_fallback", None],
        ["affirm", None], ["faq", None], ["ask_info", None],
    ]  # fmt: skip
    # "I want to ask" with the question in it is the question (probe: "mau nanya pbb saya
    # kok tagihannya naik ya" got "Silakan tulis pertanyaan Anda"); the announcement alone
    # still gets that invitation


def test_the_faq_action_answers_the_named_topic() -> None:
    kb = get_knowledge_base()
    message = {"text": "SKPWNI", "intent": {"name": "faq", "confidence": 1.0}}
    reply = decide(kb, {**message, "topic_name": "pindah_keluar"}, None, 0.5)
    assert reply.kind == "answer" and reply.topic is kb.by_id["pindah_keluar"]
    # after another topic's answer too (a name is never a follow-up of it)
    reply = decide(kb, {**message, "topic_name": "pindah_keluar"}, "kia", 0.5)
    assert reply.kind == "answer" and reply.topic is kb.by_id["pindah_keluar"]


def test_every_name_belongs_to_one_topic_and_is_searchable() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for topic in load_topics():
        for name in topic.names:
            owners[normalize_text(name)].add(topic.id)
            assert name.lower() in topic.search_text().lower()
    assert len(owners) >= 100
    assert {n: ids for n, ids in owners.items() if len(ids) > 1} == {}
