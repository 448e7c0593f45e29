"""Evaluate a trained Rasa model on the held-out NLU test set (runs in the Rasa environment).

Parses every held-out message with the real model (the same pipeline the server runs) and
writes a JSON summary: intent accuracy (strict: nlu_fallback counts as wrong; and the
classifier's top intent before the fallback threshold), macro F1, FAQ topic accuracy
(ResponseSelector), entity precision/recall/F1 (exact type + span; and type + value after
synonyms), per-skill accuracy (nlu_data/skills.yml), top confusions, and every error.

Usage (scripts/eval.sh calls it):
    PYTHONPATH=. .venv-rasa/bin/python scripts/eval_nlu.py MODEL.tar.gz OUT.json \
        [--test tests/data/nlu_heldout.yml]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent


def load_skills() -> dict[str, str]:
    import yaml

    data = yaml.safe_load((ROOT / "nlu_data" / "skills.yml").read_text(encoding="utf-8"))
    return dict(data["skills"])


def load_test(path: Path) -> list[dict[str, Any]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    cases = []
    for msg in data.intent_examples:
        full = msg.get("intent_response_key") or msg.get("intent")
        cases.append(
            {
                "text": msg.get("text"),
                "intent": msg.get("intent"),
                "full_intent": full,
                "entities": [
                    {
                        "entity": e["entity"],
                        "start": e["start"],
                        "end": e["end"],
                        "value": e["value"],
                    }
                    for e in msg.get("entities") or []
                ],
            }
        )
    return cases


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": tp + fn}


def dedupe(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen = set()
    out = []
    for e in entities:
        key = (e["entity"], e["start"], e["end"])
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


async def parse_all(model: Path, texts: list[str]) -> tuple[list[dict[str, Any]], float]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    await agent.parse_message("halo")  # warm up
    results = []
    start = time.perf_counter()
    for text in texts:
        results.append(await agent.parse_message(text))
    return results, (time.perf_counter() - start) / max(1, len(texts))


def evaluate(model: Path, test_file: Path) -> dict[str, Any]:
    from sklearn.metrics import f1_score

    skills = load_skills()
    cases = load_test(test_file)
    parsed, per_msg_s = asyncio.run(parse_all(model, [c["text"] for c in cases]))

    gold, pred, pred_raw = [], [], []
    faq_total = faq_ok = faq_ok_given_intent = 0
    ent_counts: dict[str, Counter] = defaultdict(Counter)
    val_tp = val_fp = val_fn = 0
    errors = []
    confusions: Counter = Counter()
    skill_total: Counter = Counter()
    skill_ok: Counter = Counter()
    for case, res in zip(cases, parsed, strict=True):
        g = case["intent"]
        p = (res.get("intent") or {}).get("name")
        ranking = [r for r in res.get("intent_ranking") or [] if r["name"] != "nlu_fallback"]
        p_raw = ranking[0]["name"] if ranking else p
        gold.append(g)
        pred.append(p)
        pred_raw.append(p_raw)
        skill = skills.get(g, "other")
        skill_total[skill] += 1
        if p == g:
            skill_ok[skill] += 1
        else:
            confusions[(g, p)] += 1
        topic_pred = None
        if g == "faq":
            faq_total += 1
            sel = (res.get("response_selector") or {}).get("faq") or {}
            topic_pred = (sel.get("response") or {}).get("intent_response_key")
            if topic_pred == case["full_intent"]:
                faq_ok += 1
                if p == "faq":
                    faq_ok_given_intent += 1
        # entities
        gold_ents = case["entities"]
        pred_ents = dedupe(
            [
                {
                    "entity": e["entity"],
                    "start": e["start"],
                    "end": e["end"],
                    "value": e.get("value"),
                }
                for e in res.get("entities") or []
                if e["entity"] != "faq_topic"
            ]
        )
        gspan = {(e["entity"], e["start"], e["end"]) for e in gold_ents}
        pspan = {(e["entity"], e["start"], e["end"]) for e in pred_ents}
        for ent in {e[0] for e in gspan | pspan}:
            gs = {s for s in gspan if s[0] == ent}
            ps = {s for s in pspan if s[0] == ent}
            ent_counts[ent]["tp"] += len(gs & ps)
            ent_counts[ent]["fp"] += len(ps - gs)
            ent_counts[ent]["fn"] += len(gs - ps)
        gval = Counter((e["entity"], str(e["value"]).lower()) for e in gold_ents)
        pval = Counter((e["entity"], str(e["value"]).lower()) for e in pred_ents)
        val_tp += sum((gval & pval).values())
        val_fp += sum((pval - gval).values())
        val_fn += sum((gval - pval).values())
        ent_wrong = gspan != pspan
        if p != g or ent_wrong or (g == "faq" and topic_pred != case["full_intent"]):
            errors.append(
                {
                    "text": case["text"],
                    "gold": case["full_intent"],
                    "pred": p,
                    "confidence": round(float((res.get("intent") or {}).get("confidence") or 0), 3),
                    "pred_topic": topic_pred,
                    "gold_entities": sorted(
                        f"{e['entity']}:{case['text'][e['start'] : e['end']]}" for e in gold_ents
                    ),
                    "pred_entities": sorted(
                        f"{e['entity']}:{case['text'][e['start'] : e['end']]}" for e in pred_ents
                    ),
                }
            )

    n = len(cases)
    total = Counter()
    for c in ent_counts.values():
        total.update(c)
    labels = sorted(set(gold))
    return {
        "model": model.name,
        "test_file": str(test_file.relative_to(ROOT))
        if test_file.is_absolute()
        else str(test_file),
        "n_messages": n,
        "n_intents": len(labels),
        "intent_accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / n,
        "intent_accuracy_before_fallback": sum(g == p for g, p in zip(gold, pred_raw, strict=True))
        / n,
        "fallback_rate": sum(p == "nlu_fallback" for p in pred) / n,
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "faq_messages": faq_total,
        "faq_topic_accuracy": faq_ok / faq_total if faq_total else 0.0,
        "faq_topic_and_intent_accuracy": faq_ok_given_intent / faq_total if faq_total else 0.0,
        "entity_span": {
            "micro": prf(total["tp"], total["fp"], total["fn"]),
            "per_entity": {
                k: prf(v["tp"], v["fp"], v["fn"]) for k, v in sorted(ent_counts.items())
            },
        },
        "entity_value": prf(val_tp, val_fp, val_fn),
        "per_skill_accuracy": {
            s: {"accuracy": skill_ok[s] / skill_total[s], "n": skill_total[s]}
            for s in sorted(skill_total)
        },
        "top_confusions": [
            {"gold": g, "pred": p, "count": c} for (g, p), c in confusions.most_common(10)
        ],
        "parse_ms_per_message": per_msg_s * 1000,
        "errors": errors,
    }


def parse_only(model: Path, texts_file: Path, out: Path) -> None:
    """Parse every text of a JSON list; write [{text, parse, ms}] (scripts/eval_system.py)."""
    import resource
    import statistics

    from rasa.core.agent import Agent

    async def run() -> tuple[list[dict[str, Any]], list[float]]:
        agent = Agent.load(str(model))
        await agent.parse_message("halo")  # warm up
        results, times = [], []
        for text in texts:
            start = time.perf_counter()
            results.append(await agent.parse_message(text))
            times.append((time.perf_counter() - start) * 1000)
        return results, times

    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    parsed, times = asyncio.run(run())
    summary = {
        "model": model.name,
        "parse_ms_per_message": statistics.fmean(times),
        "parse_ms_median": statistics.median(times),
        "parse_ms_p95": sorted(times)[int(0.95 * (len(times) - 1))],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average": os.getloadavg(),
    }
    out.write_text(json.dumps({**summary, "parses": parsed}, ensure_ascii=False), "utf-8")
    print(
        f"[eval] parsed {len(texts)} texts with {model.name}: median "
        f"{summary['parse_ms_median']:.1f} ms, peak RSS {summary['peak_rss_mb']:.0f} MB"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("model", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--test", type=Path, default=ROOT / "tests" / "data" / "nlu_heldout.yml")
    ap.add_argument("--parse-only", type=Path, help="a JSON list of texts: only parse them")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    if args.parse_only:
        parse_only(args.model, args.parse_only, args.out)
        return
    result = evaluate(args.model, args.test)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(
        f"[eval] {args.model.name}: intent acc {result['intent_accuracy']:.3f}, "
        f"macro F1 {result['macro_f1']:.3f}, FAQ topic acc {result['faq_topic_accuracy']:.3f}, "
        f"entity F1 {result['entity_span']['micro']['f1']:.3f} "
        f"({result['n_messages']} messages)"
    )


if __name__ == "__main__":
    main()
