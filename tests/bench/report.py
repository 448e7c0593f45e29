"""The bench's figures and reports: the Conversations section of BENCHMARKS.md, the failing
transcripts (docs/conversation_bench.md) and a short digest for the people fixing the forms."""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.bench.results import Result

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "BENCHMARKS.md"
REPORT = ROOT / "docs" / "conversation_bench.md"


def _rate(results: list[Result]) -> str:
    ok = sum(r.success for r in results)
    return f"{ok}/{len(results)} ({100 * ok / len(results):.1f}%)" if results else "-"


def summarise(results: list[Result], seconds: float) -> dict[str, Any]:
    by_goal: dict[str, list[Result]] = defaultdict(list)
    by_persona: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_goal[r.goal].append(r)
        by_persona[r.persona].append(r)

    def median_turns(goals: tuple[str, ...]) -> float | None:
        turns = [r.code_turn for r in results if r.goal in goals and r.code_turn is not None]
        return statistics.median(turns) if turns else None

    ok = sum(r.success for r in results)
    return {
        "citizens": len(results),
        "success": ok,
        "success_rate": ok / len(results) if results else 0.0,
        "loops": sum(r.loops for r in results),
        "citizens_with_loops": sum(1 for r in results if r.loops),
        "median_turns_complaint_code": median_turns(("complaint", "status")),
        "median_turns_booking_code": median_turns(("booking", "cancel")),
        "turns_total": sum(len(r.turns) for r in results),
        "seconds": round(seconds, 1),
        "by_goal": {g: _rate(rs) for g, rs in sorted(by_goal.items())},
        "by_persona": {p: _rate(rs) for p, rs in sorted(by_persona.items())},
        "failure_reasons": Counter(r.reason for r in results if not r.success).most_common(),
        "revision": revision(),
        "finished": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def machine() -> str:
    cpu = "unknown CPU"
    info = Path("/proc/cpuinfo")
    if info.exists():
        m = re.search(r"model name\s*:\s*(.+)", info.read_text())
        cpu = m.group(1).strip() if m else cpu
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu})"


def revision() -> str:
    """The commit and model the bench ran against."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = "unknown"
    pointer = ROOT / "models" / "CURRENT"
    model = Path(pointer.read_text().strip()).name if pointer.exists() else "unknown"
    return f"commit {commit or 'unknown'}, model {model}"


def render_section(s: dict[str, Any], quick: bool) -> str:
    when = s["finished"]

    def fmt(x: float | None) -> str:
        return "-" if x is None else f"{x:g}"

    lines = [
        "## Conversations",
        "",
        f"Conversation bench (issue 12, `make bench-conv`, run by `make eval`) of {when} on "
        f"{machine()} ({s['revision']}): {s['citizens']} simulated citizens"
        + (" (the fast subset)" if quick else "")
        + " talking to the real Rasa and app through `POST /api/chat`, 4 at a time, "
        f"{s['turns_total']} turns in {s['seconds']} s. Citizens and engine: `tests/bench/`; "
        "failing transcripts: `docs/conversation_bench.md`.",
        "",
        "| figure | value | target |",
        "| --- | --- | --- |",
        f"| success | {s['success']}/{s['citizens']} ({100 * s['success_rate']:.1f}%) | >= 95% |",
        f"| loops (same question 3 turns in a row) | {s['loops']} "
        f"(in {s['citizens_with_loops']} conversations) | 0 |",
        f"| median turns to a complaint code | {fmt(s['median_turns_complaint_code'])} | <= 8 |",
        f"| median turns to a booking code | {fmt(s['median_turns_booking_code'])} | <= 8 |",
        "",
        "| goal | success |",
        "| --- | --- |",
        *[f"| {g} | {v} |" for g, v in s["by_goal"].items()],
        "",
        "| persona | success |",
        "| --- | --- |",
        *[f"| {p} | {v} |" for p, v in s["by_persona"].items()],
        "",
    ]
    return "\n".join(lines)


def render_failures(results: list[Result], s: dict[str, Any]) -> str:
    failed = [r for r in results if not r.success or r.loops]
    when = s["finished"]
    out = [
        "# Conversation bench: failing conversations",
        "",
        f"Written by `make bench-conv` (tests/bench/runner.py) on {when}: "
        f"{s['success']}/{s['citizens']} citizens reached their goal, {s['loops']} loops. "
        "Each transcript: `>` the citizen, `<` the assistant (buttons as [title|payload]), "
        "and in brackets the kind of question the citizen read.",
        "",
        "## Failure reasons",
        "",
        *[f"- {n} x {reason}" for reason, n in s["failure_reasons"]],
        "",
    ]
    for r in failed:
        status = "failed: " + r.reason if not r.success else "succeeded"
        loops = f", {r.loops} loop(s)" if r.loops else ""
        out += [f"## {r.id} ({r.goal}, {r.persona}): {status}{loops}", "", "```text"]
        out += [r.transcript(), "```", ""]
    return "\n".join(out)


def render_brief(results: list[Result], s: dict[str, Any], lines: int = 18) -> str:
    """For the people fixing the forms: the figures and, per failure reason, the first
    lines of one or two transcripts (the most common reasons first)."""
    figures = {k: v for k, v in s.items() if k != "failure_reasons"}
    out = ["# Conversation bench: what citizens meet", "", "```json"]
    out += [json.dumps(figures, indent=1, ensure_ascii=False), "```", ""]
    for reason, n in s["failure_reasons"]:
        examples = [r for r in results if not r.success and r.reason == reason][:2]
        out += [f"## {n} x {reason}", ""]
        for r in examples:
            head = [x for x in r.transcript().splitlines() if not x.startswith("< Sebelum")]
            out += [f"{r.id} ({r.persona}):", "```text", *head[:lines], "```", ""]
    looped = [r for r in results if r.loops and r.success]
    if looped:
        out += [f"## succeeded but looped: {', '.join(r.id for r in looped)}", ""]
    return "\n".join(out)


def update_benchmarks(section: str) -> None:
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Conversations\n.*?(?=^## |^<!-- |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS.write_text(text, encoding="utf-8")
