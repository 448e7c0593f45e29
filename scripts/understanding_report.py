"""The issue-13 part of docs/nlu_report.md and of the NLU section of BENCHMARKS.md.

Reads what scripts/eval.sh left in runtime/eval: ``system.json`` (the default pipeline scored
by scripts/eval_system.py), ``system_variant.json`` (the same data with the semantic layer
toggled), ``variant.txt`` ("with" or "without": what the variant is). Called by
scripts/nlu_report.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SETS = {
    "heldout": "first held-out set (`tests/data/nlu_heldout.yml`)",
    "fresh": "second held-out set (`tests/data/nlu_heldout_fresh.yml`)",
    "voices": "third held-out set (`tests/data/nlu_heldout_voices.yml`: elderly, voice, regional)",
    "citizens": "fourth held-out set (`tests/data/nlu_heldout_citizens.yml`: written by someone "
    "who never saw the training data)",
    "fresh2": "fifth held-out set (`tests/data/nlu_heldout_fresh2.yml`: residents' wording, "
    "services the city lacks)",
    "fresh3": "sixth held-out set (`tests/data/nlu_heldout_fresh3.yml`: residents' wording, "
    "other agencies' services)",
    "fresh4": "seventh held-out set (`tests/data/nlu_heldout_fresh4.yml`: residents' wording, "
    "English mixed in, complaints, bookings, emergencies)",
    "fresh5": "eighth held-out set (`tests/data/nlu_heldout_fresh5.yml`: elderly speech, "
    "Javanese/Sundanese/Betawi words, whole English questions, long stories)",
    "fresh6": "ninth held-out set (`tests/data/nlu_heldout_fresh6.yml`: least-asked topics, "
    "life stories, Minang/Batak/Javanese/Sundanese/Betawi words, chat abbreviations)",
}


# Measured once, by hand, while issue 13 was built (2026-12-02, same scorer): recorded here
# because the models behind them are gone.
HISTORY = [
    "",
    "Before this work (the model of 2026-12-01, scored with the same scorer: its decision "
    "code without the semantic tier): topic accuracy 84.9% (first set), 88.9% (second), 69.8% "
    "(voices); complaint rows 14/25 routed as complaints (3 as emergencies). Follow-ups were "
    'not supported at all ("berapa lama jadinya?" was out of scope).',
    "",
    "How honest the sets are: the voices set and the follow-up set were written before their "
    "first measurement (sparse pipeline with the new coverage data: topic 88.9 / 81.5 / 78.4%, "
    "follow-ups 88.5%; with e5: 92.1 / 96.3 / 85.9%). Their errors then led to four generic "
    'changes, so they are partly development sets now: spelt-out letters joined ("ka te pe" '
    "-> ktp), follow-up question words checked before subject nouns and a topic switch "
    "confirmed by the classifier tiers, e5 reading the normalised text, and the three-tier "
    "majority also rescuing messages the intent classifier was unsure of. No sentence of "
    "any held-out set was added to the training data (tests/nlu/test_understanding_data.py); "
    "two voices questions that became equal to training examples once letters were joined were "
    "reworded.",
    "",
    "The fourth set (`nlu_heldout_citizens.yml`, 293 messages, 2026-12-02) was written by an "
    "engineer who read only the knowledge base's titles and answers and the intent names, never "
    "the training data or the other sets. Its first measurement, before anything was changed "
    "for it: intent accuracy 96.6%, topic accuracy 94.2%. Its errors then led to three generic "
    "changes, so it too is partly a development set now: formal-letter examples ('Dengan "
    "hormat, ...' was read as a complaint), BM25's strong clear favourite answering a long "
    "question when the classifier tiers agree on nothing (4 of 4 right), and spelt-out "
    "abbreviations kept as spelt ('es em pe' had become 'sampai').",
]


def _load(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _table_line(r: dict[str, Any]) -> str:
    t = r["emergency_table"]
    return (
        f"emergencies {t['emergency_ok']}/{t['emergency_n']}, complaints "
        f"{t['complaint_ok']}/{t['complaint_n']} ({t['complaint_as_emergency']} taken as "
        f"emergency), questions {t['question_ok']}/{t['question_n']}"
    )


def render(out: Path) -> tuple[list[str], list[str]]:
    """(report lines, BENCHMARKS lines); empty when eval.sh did not score the system."""
    main = _load(out / "system.json")
    if main is None:
        return [], []
    variant = _load(out / "system_variant.json")
    label = (out / "variant.txt").read_text().strip() if (out / "variant.txt").exists() else ""
    lines = [
        "",
        "## What a citizen gets: topic, follow-up and emergency accuracy (issue 13)",
        "",
        "The model's parse plus the inquiry actions' choice (`actions/inquiry.py`: `decide`, "
        "follow-ups, the emergency phrase net), scored by `scripts/eval_system.py`. Topic "
        "accuracy: the FAQ question is *answered* with the right topic (a clarification "
        "counts as wrong).",
        "",
        "| set | messages | intent accuracy | FAQ questions | topic accuracy | clarified |",
        "|---|---|---|---|---|---|",
    ]
    for key, name in SETS.items():
        if key in main:
            r = main[key]
            lines.append(
                f"| {name} | {r['messages']} | {_pct(r['intent_accuracy'])} | "
                f"{r['faq_questions']} | **{_pct(r['topic_accuracy'])}** | "
                f"{_pct(r['clarified'])} |"
            )
    lines += HISTORY
    fu = main["followups"]
    lines += [
        "",
        f"Follow-ups in context (`tests/data/followups_heldout.yml`, {fu['n']} follow-ups "
        f"after an answer): **{_pct(fu['accuracy'])}** get the right topic and field.",
    ]
    fu2 = main.get("followups_fresh2")
    if fu2:
        lines += [
            "",
            f"Second follow-up set (`tests/data/followups_fresh2.yml`, {fu2['n']}, with "
            f"'bisa diwakilin?'): **{_pct(fu2['accuracy'])}**.",
        ]
    fu3 = main.get("followups_fresh3")
    if fu3:
        lines += [
            "",
            f"Third follow-up set (`tests/data/followups_fresh3.yml`, {fu3['n']}, with "
            f"'kalau belum 17 tahun bisa?' and late registration): **{_pct(fu3['accuracy'])}**.",
        ]
    fu4 = main.get("followups_fresh4")
    if fu4:
        lines += [
            "",
            f"Fourth follow-up set (`tests/data/followups_fresh4.yml`, {fu4['n']}, with "
            f"'dasar hukumnya apa' and 'kalau ...' switches): **{_pct(fu4['accuracy'])}**.",
        ]
    fu5 = main.get("followups_fresh5")
    if fu5:
        lines += [
            "",
            f"Fifth follow-up set (`tests/data/followups_fresh5.yml`, {fu5['n']}, elderly, "
            f"regional and English follow-ups): **{_pct(fu5['accuracy'])}**.",
        ]
    fu6 = main.get("followups_fresh6")
    if fu6:
        lines += [
            "",
            f"Sixth follow-up set (`tests/data/followups_fresh6.yml`, {fu6['n']}, follow-ups "
            f"that change whom the service is for): **{_pct(fu6['accuracy'])}**.",
        ]
    fresh2 = main.get("fresh2")
    if fresh2 and fresh2.get("out_of_scope"):
        lines += [
            "",
            f"Questions about services the knowledge base lacks (fresh2, "
            f"{fresh2['out_of_scope']}): {_pct(fresh2['declined'])} declined (no topic's "
            "answer, no form started; partly tuned, see the notes of 86bb6e1).",
        ]
    lines += [
        "",
        f"Complaint / emergency / question table (`tests/data/emergency_table.yml`): "
        f"{_table_line(main)}.",
    ]
    if variant:
        with_, without = (variant, main) if label == "with" else (main, variant)
        lines += [
            "",
            "## The semantic layer (multilingual-e5-small via `transformers`): with and without",
            "",
            "Same data; the variant toggles `E5Featurizer` (dense sentence features for the "
            "intent classifier) and `E5TopicIndex` (semantic topic ranking fused with the "
            "ResponseSelector and BM25 in `decide`). Parse times and peak RSS are those of the "
            f"evaluation process (model loaded, {main.get('load_average', ['?'])[0]:.1f} load "
            "average: the machine is shared, compare within one run).",
            "",
            "| metric | with e5 | without | difference |",
            "|---|---|---|---|",
        ]
        for key in SETS:
            if key in with_ and key in without:
                for metric in ("intent_accuracy", "topic_accuracy"):
                    a, b = with_[key][metric], without[key][metric]
                    lines.append(
                        f"| {key}: {metric.replace('_', ' ')} | {_pct(a)} | {_pct(b)} | "
                        f"{100 * (a - b):+.1f} points |"
                    )
        fa, fb = with_["followups"]["accuracy"], without["followups"]["accuracy"]
        lines.append(f"| follow-ups | {_pct(fa)} | {_pct(fb)} | {100 * (fa - fb):+.1f} points |")
        for metric, unit in (
            ("parse_ms_median", "ms"),
            ("parse_ms_p95", "ms"),
            ("peak_rss_mb", "MB"),
        ):
            a, b = with_.get(metric, 0.0), without.get(metric, 0.0)
            lines.append(
                f"| {metric.replace('_', ' ')} | {a:.1f} {unit} | {b:.1f} {unit} | "
                f"{a - b:+.1f} {unit} |"
            )
    paired = _load(out / "paired_latency.json")
    if paired:
        lines += [
            "",
            f"Added latency per turn, paired (both models loaded in one process, each of "
            f"{paired['n']} messages parsed by one then the other, load average "
            f"{paired['load_average'][0]:.1f} on {paired['cores']} cores): median "
            f"**+{paired['added_median']:.1f} ms** (p95 +{paired['added_p95']:.1f} ms; "
            f"{paired['with_median']:.1f} ms with, {paired['without_median']:.1f} ms without); "
            f"CPU time **+{paired.get('added_cpu_median', 0.0):.1f} ms** at the median "
            f"({paired.get('with_cpu_median', 0.0):.1f} vs "
            f"{paired.get('without_cpu_median', 0.0):.1f} ms; the steadier figure when others "
            "load the machine). Budget: 25 ms at the median. The encoder's forward pass is "
            "XLA-compiled (`jit_compile`): 17.9 instead of 22.3 ms CPU per message on one "
            "thread, same vectors (cosine 0.99999). Measured lever, not applied (it would also "
            "slow training and every other TensorFlow op of the process): one TensorFlow "
            "thread. Memory: the Rasa server held 2.55 GB RSS in the end-to-end tests with the "
            "layer (about 1 GB without).",
        ]
    errors = [e for key in SETS if key in main for e in main[key]["topic_errors"]]
    lines += ["", "### Topic errors (all sets)", "", "| message | gold | intent | answered |"]
    lines.append("|---|---|---|---|")
    lines += [
        f"| {e['text']} | {e['gold']} | {e['intent']} | {e['answered'] or '-'} |" for e in errors
    ]
    lines += ["", "### Follow-up and table errors", ""]
    lines += [
        f'- after {e["after"]}: "{e["text"]}" -> {e["got_topic"]} / {e["got_field"]} '
        f"(want {e['topic']} / {e['aspect']})"
        for e in fu["errors"]
    ]
    lines += [
        f'- "{e["text"]}" (want {e["want"]}): intent {e["intent"]}, emergency {e["emergency"]}'
        for e in main["emergency_table"]["errors"]
    ]

    bench = []
    for key in SETS:
        if key in main:
            r = main[key]
            bench.append(
                f"| {key} set ({r['messages']} messages): intent / topic accuracy (system) | "
                f"{_pct(r['intent_accuracy'])} / {_pct(r['topic_accuracy'])} |"
            )
    bench.append(f"| follow-up accuracy ({fu['n']}) | {_pct(fu['accuracy'])} |")
    bench.append(f"| complaint / emergency table | {_table_line(main)} |")
    if variant:
        with_, without = (variant, main) if label == "with" else (main, variant)
        bench.append(
            "| semantic layer (e5): voices-set topic accuracy with / without; parse median; "
            f"peak RSS | {_pct(with_['voices']['topic_accuracy'])} / "
            f"{_pct(without['voices']['topic_accuracy'])}; {with_['parse_ms_median']:.1f} vs "
            f"{without['parse_ms_median']:.1f} ms; {with_['peak_rss_mb']:.0f} vs "
            f"{without['peak_rss_mb']:.0f} MB |"
        )
    if paired:
        bench.append(
            f"| semantic layer: added parse latency per turn, paired (median / p95) | "
            f"+{paired['added_median']:.1f} / +{paired['added_p95']:.1f} ms (load average "
            f"{paired['load_average'][0]:.1f}; budget 25 ms) |"
        )
    return lines, bench
