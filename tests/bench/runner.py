"""The conversation bench (issue 12): simulated citizens against the real Rasa and app.

Starts the whole system the way tests/e2e/conftest.py does (free ports, a temporary runtime
directory, officers always on duty; the per-IP chat limit lifted), lets every citizen talk
through POST /api/chat, a few at a time, and reports success overall, per goal and per
persona, the median turns to a complaint code and to a booking code, loops (the same question
three turns in a row) and the transcript of every failure.

Usage:
    PYTHONPATH=. .venv/bin/python -m tests.bench.runner            # all citizens, print
    PYTHONPATH=. .venv/bin/python -m tests.bench.runner --quick    # the fast subset
    PYTHONPATH=. .venv/bin/python -m tests.bench.runner --write    # + BENCHMARKS.md, docs/
    ... --only c-lampu-01,b-futsal-03 --show                       # some, with transcripts
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.bench.citizen import (
    MAX_TURNS,
    Citizen,
    Result,
    Turn,
    count_loops,
    load_citizens,
    load_personas,
)
from tests.bench.plans import TZ, load_facilities
from tests.bench.questions import FaqIndex
from tests.bench.report import (
    REPORT,
    render_brief,
    render_failures,
    render_section,
    summarise,
    update_benchmarks,
)

ROOT = Path(__file__).resolve().parents[2]

# the fast subset for `make test`: a mix of goals and personas
QUICK = [
    "c-lampu-02",
    "c-lampu-03",
    "c-jalan-06",
    "c-sampah-07",
    "c-banjir-04",
    "c-layanan-01",
    "b-futsal-04",
    "b-melati-03",
    "b-aula-02",
    "i-01",
    "i-13",
    "s-06",
    "x-05",
    "h-11",
]


# One "today" for every run (HALO_CLOCK_START): the citizens' days ("besok", "sabtu ini",
# "tanggal 9") and the bookings they collide with are the same whatever the real date, so the
# bench gives the same result any day. A Monday, 09.00 in Kota Contoh; --today changes it.
BENCH_START = "2026-12-07T09:00:00+07:00"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def enrich(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The office each complaint should reach, from the routing table staff edit."""
    table = yaml.safe_load((ROOT / "app/data/complaint_categories.yml").read_text("utf-8"))
    out = []
    for spec in specs:
        category = spec.get("category")
        if category and spec["goal"] in ("complaint", "status"):
            spec = {**spec, "dinas": table["dinas"][table["categories"][category]["dinas"]]}
        out.append(spec)
    return out


def talk(base_url: str, citizen: Citizen, progress: bool = False) -> Result:
    """One whole conversation: the citizen speaks first and answers until it is done."""
    result = citizen.result
    with httpx.Client(base_url=base_url, timeout=90.0) as http:
        session_id: str | None = None
        message: str | None = citizen.opening()
        while message is not None:
            try:
                resp = http.post("/api/chat", json={"session_id": session_id, "text": message})
                resp.raise_for_status()
            except httpx.HTTPError as error:
                result.turns.append(Turn(message, [], "error", str(error)))
                result.reason = f"HTTP error: {error}"
                result.success = False
                break
            data = resp.json()
            session_id = data["session_id"]
            replies = [
                {"text": m.get("text", ""), "buttons": m.get("buttons") or []}
                for m in data["messages"]
            ]
            result.turns.append(Turn(message, replies, "", ""))
            try:
                message = citizen.respond(replies)
            except Exception as error:  # a bug of the bench, not of the assistant
                result.reason = f"bench error: {error!r}"
                result.success = False
                break
            if message is None and not result.success and not result.reason:
                result.reason = "gave up"
        if len(result.turns) >= MAX_TURNS and not result.success and not result.reason:
            result.reason = "25 turns without reaching the goal"
    result.loops = count_loops(result.turns)
    if progress:
        mark = "ok" if result.success else f"FAILED ({result.reason})"
        print(f"[bench] {result.id}: {mark}, {len(result.turns)} turns", flush=True)
    return result


def run_citizens(
    base_url: str,
    specs: list[dict[str, Any]],
    concurrency: int = 4,
    seed: int = 0,
    now: datetime | None = None,
    progress: bool = False,
) -> list[Result]:
    now = now or datetime.now(TZ)
    personas = load_personas()
    facilities = load_facilities()
    faq = FaqIndex()
    citizens: list[Citizen | Result] = []
    for spec in enrich(specs):
        try:
            citizens.append(Citizen(spec, personas, facilities, faq, now, seed))
        except ValueError as error:  # no day this facility allows for its wishes, today
            reason = f"bench: {error}"
            citizens.append(
                Result(spec["id"], spec["goal"], spec.get("persona", ""), False, reason)
            )

    def run(c: Citizen | Result) -> Result:
        return c if isinstance(c, Result) else talk(base_url, c, progress)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(run, citizens))


# ---------------------------------------------------------------------------- figures
# Rasa loads its model in 1-2 minutes on an idle machine and took over 4 on a busy one
READY_TIMEOUT_S = 900.0


def start_system(runtime: Path, clock_start: str = BENCH_START) -> Any:
    from app.launcher import LocalSystem

    system = LocalSystem(
        app_port=free_port(),
        rasa_port=free_port(),
        runtime_dir=runtime,
        log_dir=runtime / "logs",
        # officers on duty whatever the clock says; the citizens are many people, who would
        # come from many addresses: here they share 127.0.0.1, so the per-IP chat limit
        # (300/minute, app/config.py) is lifted (the per-conversation limit stays)
        # the app's clock starts at the bench's pinned day (see BENCH_START)
        env={
            "HALO_HANDOFF_ALWAYS_OPEN": "true",
            "HALO_RATE_CHAT_PER_IP": "100000/minute",
            "HALO_CLOCK_START": clock_start,
        },
    )
    system.start()
    try:
        system.wait_ready(timeout_s=READY_TIMEOUT_S)
    except Exception:
        system.stop()
        for log in sorted((runtime / "logs").glob("*.log")):
            print(f"==== {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        raise
    return system


def report_from(path: Path) -> int:
    """BENCHMARKS.md and docs/ from the JSON a run saved (no new run)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    results = [
        Result(
            r["id"],
            r["goal"],
            r["persona"],
            r["success"],
            r["reason"],
            code_turn=r["code_turn"],
            loops=r["loops"],
            saved=r["transcript"],
        )
        for r in data["results"]
    ]
    summary = data["summary"]
    update_benchmarks(render_section(summary, data.get("subset", False)))
    REPORT.write_text(render_failures(results, summary), encoding="utf-8")
    print(f"[bench] wrote BENCHMARKS.md (Conversations) and {REPORT.relative_to(ROOT)}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the fast subset only")
    parser.add_argument("--only", default="", help="comma-separated citizen ids")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md and docs/")
    parser.add_argument("--show", action="store_true", help="print every transcript")
    parser.add_argument("--json", default="runtime/bench/conversations.json")
    parser.add_argument("--url", default="", help="a running system instead of a fresh one")
    parser.add_argument("--brief", default="", help="also write a short failure digest here")
    parser.add_argument("--report-from", default="", help="write the reports of a saved run")
    parser.add_argument(
        "--today",
        default="",
        help=f"the pinned start, ISO with offset (default {BENCH_START}; with --url: real time)",
    )
    args = parser.parse_args(argv)
    if args.report_from:
        return report_from(Path(args.report_from))

    specs = load_citizens()
    if args.only:
        wanted = set(args.only.split(","))
        specs = [s for s in specs if s["id"] in wanted]
    elif args.quick:
        specs = [s for s in specs if s["id"] in QUICK]

    pinned = args.today or ("" if args.url else BENCH_START)
    now = datetime.fromisoformat(pinned).astimezone(TZ) if pinned else None
    with tempfile.TemporaryDirectory(prefix="halo-bench-") as tmp:
        system = None if args.url else start_system(Path(tmp), pinned)
        url = args.url or system.app_url
        try:
            start = time.perf_counter()
            results = run_citizens(url, specs, args.concurrency, args.seed, now, progress=True)
            seconds = time.perf_counter() - start
        finally:
            if system is not None:
                system.stop()

    summary = summarise(results, seconds)
    if args.show:
        for r in results:
            print(f"==== {r.id} {r.goal} {r.persona}: {'OK' if r.success else r.reason}")
            print(r.transcript())
    print(json.dumps({k: v for k, v in summary.items()}, indent=1, ensure_ascii=False))
    out = ROOT / args.json
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "summary": summary,
                "subset": args.quick or bool(args.only),
                "results": [
                    {
                        "id": r.id,
                        "goal": r.goal,
                        "persona": r.persona,
                        "success": r.success,
                        "reason": r.reason,
                        "loops": r.loops,
                        "code_turn": r.code_turn,
                        "transcript": r.transcript(),
                    }
                    for r in results
                ],
            },
            indent=1,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    if args.brief:
        Path(args.brief).write_text(render_brief(results, summary), encoding="utf-8")
    if args.write:
        update_benchmarks(render_section(summary, args.quick or bool(args.only)))
        REPORT.write_text(render_failures(results, summary), encoding="utf-8")
        print(f"[bench] wrote BENCHMARKS.md (Conversations) and {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
