"""What a citizen gets: topic, follow-up and emergency accuracy of the whole inquiry path.

`scripts/eval_nlu.py` scores the NLU model alone. This scores the model's parse *plus* the
inquiry actions' choice (``actions/inquiry_choice.py``: ``decide``, ``followup``, ``unclear``;
the emergency phrase net), which is what the citizen sees:

- topic accuracy: a FAQ question of a held-out set is answered (not clarified) with the right
  knowledge-base topic, its intent being one the inquiry actions serve;
- follow-up accuracy (``tests/data/followups_heldout.yml``): after a topic's answer, a
  follow-up gets the right topic and the right aspect (a field of it), or the new topic it
  names;
- the complaint / emergency / question table (``tests/data/emergency_table.yml``).

Three steps (scripts/eval.sh runs them; the middle one needs the Rasa environment; ``--only dev``
after ``texts`` and ``score`` keeps to the development set, for tuning):
    .venv/bin/python scripts/eval_system.py texts OUT/texts.json
    .venv-rasa/bin/python scripts/eval_nlu.py MODEL OUT/parses.json --parse-only OUT/texts.json
    .venv/bin/python scripts/eval_system.py score OUT/parses.json OUT/system.json
and, for the with / without comparison of the semantic layer, a pipeline with it toggled:
    .venv/bin/python scripts/eval_system.py variant bot/config.yml OUT/config_variant.yml
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.complaint.question import answer_instead  # noqa: E402
from actions.inquiry_choice import (  # noqa: E402
    Reply,
    answer_followup,
    decide,
    emergency_reading,
    unclear,
)
from actions.switch import service_in_words  # noqa: E402
from app.config import Settings  # noqa: E402
from app.services.knowledge import KnowledgeBase, get_knowledge_base  # noqa: E402

DATA = ROOT / "tests" / "data"
HELDOUT = {
    "heldout": DATA / "nlu_heldout.yml",
    "fresh": DATA / "nlu_heldout_fresh.yml",
    "voices": DATA / "nlu_heldout_voices.yml",
    "citizens": DATA / "nlu_heldout_citizens.yml",
    "fresh2": DATA / "nlu_heldout_fresh2.yml",
    "fresh3": DATA / "nlu_heldout_fresh3.yml",
    "fresh4": DATA / "nlu_heldout_fresh4.yml",
    "fresh5": DATA / "nlu_heldout_fresh5.yml",
    "fresh6": DATA / "nlu_heldout_fresh6.yml",
}
# The development set (tests/data/nlu_dev_*.yml): what the data and the choice are tuned on,
# never trained on; scored as one set "dev" next to the held-out sets, which are not tuned on.
DEV_SETS = sorted(DATA.glob("nlu_dev_*.yml"))
FOLLOWUPS = DATA / "followups_heldout.yml"
# further follow-up sets, each scored on its own under its key ("followups_fresh2")
MORE_FOLLOWUPS = {
    "followups_fresh2": DATA / "followups_fresh2.yml",
    "followups_fresh3": DATA / "followups_fresh3.yml",
    "followups_fresh4": DATA / "followups_fresh4.yml",
    "followups_fresh5": DATA / "followups_fresh5.yml",
    "followups_fresh6": DATA / "followups_fresh6.yml",
}
EMERGENCY_TABLE = DATA / "emergency_table.yml"
INQUIRY_INTENTS = frozenset({"faq", "ask_followup"})
QUESTION_INTENTS = frozenset({"faq", "ask_followup", "ask_info"})
# What a question the knowledge base cannot answer may get: no topic, no form started (the
# out-of-scope reply, a clarification with the officer button, help or an officer).
DECLINING_INTENTS = frozenset(
    {"faq", "ask_followup", "ask_info", "out_of_scope", "nlu_fallback", "help", "request_human"}
)


def heldout_cases(path: Path) -> list[tuple[str, str]]:
    """(text, gold intent or faq/<topic>) of a Rasa NLU file (annotations stripped)."""
    import re

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for block in data.get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                text = re.sub(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})", r"\1", line[2:].strip())
                cases.append((text, str(block["intent"])))
    return cases


def followup_cases(path: Path = FOLLOWUPS) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["followups"])


def followup_sets() -> dict[str, list[dict[str, Any]]]:
    """The follow-up sets by result key: "followups" (the first) and MORE_FOLLOWUPS."""
    sets = {"followups": followup_cases()}
    sets.update({k: followup_cases(p) for k, p in MORE_FOLLOWUPS.items() if p.exists()})
    return sets


def emergency_cases() -> list[tuple[str, str]]:
    data = yaml.safe_load(EMERGENCY_TABLE.read_text(encoding="utf-8"))
    return [(text, kind) for kind in ("emergency", "complaint", "question") for text in data[kind]]


def question_sets() -> dict[str, list[Path]]:
    """The held-out sets (one file each) and the development set (its files together)."""
    sets = {name: [path] for name, path in HELDOUT.items() if path.exists()}
    if DEV_SETS:
        sets["dev"] = list(DEV_SETS)
    return sets


def set_cases(paths: list[Path]) -> list[tuple[str, str]]:
    return [case for path in paths for case in heldout_cases(path)]


def all_texts(only: str | None = None) -> list[str]:
    """Every text to parse; ``only="dev"``: the development set's alone (tuning without
    looking at the held-out sets)."""
    sets = question_sets()
    if only is not None:
        return sorted({t for t, _ in set_cases(sets.get(only, []))})
    texts = [t for paths in sets.values() for t, _ in set_cases(paths)]
    texts += [c["text"] for cases in followup_sets().values() for c in cases]
    texts += [t for t, _ in emergency_cases()]
    return sorted(set(texts))


def is_emergency(kb: KnowledgeBase, parse: dict[str, Any]) -> bool:
    """112 is given: an emergency phrase (every inquiry and form action checks), or the
    `emergency` intent that ``action_emergency`` does not read as a complaint."""
    return emergency_reading(kb, parse) == "emergency"


def intent_outcome(kb: KnowledgeBase, parse: dict[str, Any]) -> str | None:
    """The skill the citizen gets: a half-sure emergency describing a city problem is
    started as a complaint by ``action_emergency``; a message the classifier was unsure of
    that names a service by its words is started as that service by ``action_clarify``; a
    question taken for a complaint is answered by ``action_complaint_start``
    (actions/complaint/question.py) as the FAQ it is."""
    if emergency_reading(kb, parse) == "complaint":
        return "file_complaint"
    intent = (parse.get("intent") or {}).get("name")
    text = str(parse.get("text") or "")
    if intent == "file_complaint" and answer_instead(kb, parse) is not None:
        return "faq"
    if intent == "nlu_fallback" and not text.startswith("/"):  # action_clarify's first look
        return service_in_words(text) or intent
    return intent


def reply_to(
    kb: KnowledgeBase, parse: dict[str, Any], last: str | None, threshold: float
) -> Reply | None:
    """What the inquiry actions answer (None: another skill, an emergency, or a fallback)."""
    if is_emergency(kb, parse):
        return None
    intent = (parse.get("intent") or {}).get("name")
    last_topic = kb.by_id.get(last or "")
    if intent == "faq":
        return decide(kb, parse, last, threshold)
    if intent == "ask_followup":
        return answer_followup(kb, parse, last_topic)
    if intent == "file_complaint":  # a question taken for a complaint is answered
        topic = answer_instead(kb, parse)
        return Reply("answer", topic) if topic is not None else None
    if intent == "nlu_fallback":
        if intent_outcome(kb, parse) != intent:
            return None  # started as a service
        return unclear(kb, parse, last_topic)
    return None


def declines(kb: KnowledgeBase, parse: dict[str, Any], threshold: float) -> bool:
    """A question outside the knowledge base gets no topic's answer and starts no form."""
    if is_emergency(kb, parse) or intent_outcome(kb, parse) not in DECLINING_INTENTS:
        return False
    reply = reply_to(kb, parse, None, threshold)
    return reply is None or reply.kind in ("clarify", "elsewhere")


def score_followups(
    kb: KnowledgeBase, by_text: dict[str, Any], cases: list[dict[str, Any]], threshold: float
) -> dict[str, Any]:
    """Right topic and right field after the last answer; a follow-up asking an aspect the
    knowledge base does not know ("bisa diwakilin?" before it had one) is wrong."""
    fu = [c for c in cases if c["text"] in by_text]
    fu_ok = 0
    fu_errors = []
    for case in fu:
        reply = reply_to(kb, by_text[case["text"]], case["after"], threshold)
        want_aspect = case.get("aspect")
        got_topic = reply.topic.id if reply and reply.kind != "clarify" and reply.topic else None
        got_field = reply.aspect.field if reply and reply.aspect else None
        want_field = next((a.field for a in kb.aspects if a.name == want_aspect), None)
        known = want_aspect is None or want_field is not None
        if known and got_topic == case["topic"] and got_field == want_field:
            fu_ok += 1
        else:
            fu_errors.append({**case, "got_topic": got_topic, "got_field": got_field})
    return {"n": len(fu), "accuracy": fu_ok / len(fu) if fu else 0.0, "errors": fu_errors}


def score(parses_file: Path, only: str | None = None) -> dict[str, Any]:
    from sqlalchemy import create_engine

    from actions import context as action_context

    # action_clarify's look at the words reads the bookable facilities from the action
    # context; no database is touched
    action_context.configure(create_engine("sqlite://"), Settings())
    kb = get_knowledge_base()
    threshold = Settings().faq_min_confidence
    raw = json.loads(parses_file.read_text(encoding="utf-8"))
    by_text = {str(p.get("text")): p for p in raw["parses"]}
    result: dict[str, Any] = {k: v for k, v in raw.items() if k != "parses"}
    result["unparsed"] = sorted(set(all_texts(only)) - set(by_text))

    for name, paths in question_sets().items():
        if only is not None and name != only:
            continue
        cases = set_cases(paths)
        intent_ok = faq = topic_ok = clarified = unknown = declined = 0
        errors = []
        cases = [(t, g) for t, g in cases if t in by_text]  # all, unless the texts changed
        for text, gold in cases:
            parse = by_text[text]
            pred = (parse.get("intent") or {}).get("name")
            intent_ok += pred == gold.split("/")[0]
            if gold == "out_of_scope":  # nothing of the knowledge base fits: say so
                unknown += 1
                ok = declines(kb, parse, threshold)
                declined += ok
                if not ok:
                    reply = reply_to(kb, parse, None, threshold)
                    got = reply.topic.id if reply and reply.topic else None
                    errors.append({"text": text, "gold": gold, "intent": pred, "answered": got})
            if not gold.startswith("faq/"):
                continue
            faq += 1
            reply = reply_to(kb, parse, None, threshold)
            got = reply.topic.id if reply and reply.kind == "answer" and reply.topic else None
            clarified += bool(reply and reply.kind == "clarify")
            if got == gold[4:]:
                topic_ok += 1
            else:
                errors.append({"text": text, "gold": gold, "intent": pred, "answered": got})
        result[name] = {
            "messages": len(cases),
            "intent_accuracy": intent_ok / len(cases),
            "faq_questions": faq,
            "topic_accuracy": topic_ok / faq if faq else 0.0,
            "clarified": clarified / faq if faq else 0.0,
            "out_of_scope": unknown,
            "declined": declined / unknown if unknown else 0.0,
            "topic_errors": errors,
        }
    if only is not None:
        return result

    for key, cases in followup_sets().items():
        result[key] = score_followups(kb, by_text, cases, threshold)

    table: Counter[str] = Counter()
    table_errors = []
    for text, kind in emergency_cases():
        if text not in by_text:
            continue
        parse = by_text[text]
        intent = intent_outcome(kb, parse)
        emergency = is_emergency(kb, parse)
        ok = (
            emergency
            if kind == "emergency"
            else not emergency
            and intent in ({"file_complaint"} if kind == "complaint" else QUESTION_INTENTS)
        )
        table[f"{kind}_n"] += 1
        table[f"{kind}_ok"] += ok
        table[f"{kind}_as_emergency"] += emergency
        if not ok:
            table_errors.append(
                {"text": text, "want": kind, "intent": intent, "emergency": emergency}
            )
    result["emergency_table"] = {**table, "errors": table_errors}
    return result


E5_FEATURIZER = "bot.components.e5_featurizer.E5Featurizer"
E5_INDEX = "bot.components.e5_topics.E5TopicIndex"
SPARSE_ALIASES = {"RegexFeaturizer": "regex", "LexicalSyntacticFeaturizer": "lexical"}


def toggle_semantic_layer(config: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The pipeline with the e5 layer removed (when it has it) or added; and which it is."""
    pipeline = [dict(c) for c in config["pipeline"]]
    if any(c["name"] == E5_FEATURIZER for c in pipeline):
        pipeline = [c for c in pipeline if c["name"] not in (E5_FEATURIZER, E5_INDEX)]
        for c in pipeline:
            c.pop("featurizers", None)
        return {**config, "pipeline": pipeline}, "without"
    aliases = []
    for n, c in enumerate(pipeline):
        if c["name"] == "CountVectorsFeaturizer":
            c.setdefault("alias", "chars" if c.get("analyzer") == "char_wb" else f"words{n}")
        elif c["name"] in SPARSE_ALIASES:
            c.setdefault("alias", SPARSE_ALIASES[c["name"]])
        if "alias" in c:
            aliases.append(c["alias"])
    out = []
    for c in pipeline:
        if c["name"] == "LogisticRegressionClassifier":
            out.append({"name": E5_FEATURIZER, "alias": "e5", "scale": 4.0})
        if c["name"] == "ResponseSelector":
            c["featurizers"] = aliases  # the FAQ selector keeps the sparse features only
        if c["name"] == "FallbackClassifier":
            out.append({"name": E5_INDEX, "featurizer": "e5"})
        out.append(c)
    return {**config, "pipeline": out}, "with"


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "variant":
        config = yaml.safe_load(Path(argv[1]).read_text(encoding="utf-8"))
        variant, label = toggle_semantic_layer(config)
        Path(argv[2]).write_text(yaml.safe_dump(variant, sort_keys=False), encoding="utf-8")
        print(label)
        return 0
    only = None
    if len(argv) > 2 and argv[-2] == "--only":  # e.g. --only dev
        only, argv = argv[-1], argv[:-2]
    if len(argv) == 2 and argv[0] == "texts":
        texts = all_texts(only)
        Path(argv[1]).write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        return 0
    if len(argv) == 3 and argv[0] == "score":
        result = score(Path(argv[1]), only)
        Path(argv[2]).write_text(json.dumps(result, indent=2, ensure_ascii=False), "utf-8")
        for name in [*HELDOUT, "dev"]:
            if name in result:
                r = result[name]
                declined = (
                    f", declined {r['declined']:.3f} of {r['out_of_scope']} out of scope"
                    if r["out_of_scope"]
                    else ""
                )
                print(
                    f"[eval] {name}: intent {r['intent_accuracy']:.3f}, topic "
                    f"{r['topic_accuracy']:.3f} ({r['faq_questions']} questions, "
                    f"clarified {r['clarified']:.3f}{declined})"
                )
        if only is not None:
            return 0
        t = result["emergency_table"]
        print(
            f"[eval] follow-ups {result['followups']['accuracy']:.3f} "
            f"({result['followups']['n']}); emergencies {t['emergency_ok']}/{t['emergency_n']}, "
            f"complaints {t['complaint_ok']}/{t['complaint_n']} "
            f"({t['complaint_as_emergency']} as emergency), questions "
            f"{t['question_ok']}/{t['question_n']}"
        )
        for key in MORE_FOLLOWUPS:
            if key in result:
                print(f"[eval] {key} {result[key]['accuracy']:.3f} ({result[key]['n']})")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
