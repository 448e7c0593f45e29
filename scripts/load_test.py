"""Load test of the production profile on this machine (``make load``; not in CI).

Two Rasa and two app instances (app/launcher.py pairs: app i's Rasa is Rasa i, each Rasa
calls its own app's action endpoint) on the machine's PostgreSQL (127.0.0.1:5432, a fresh
database per run for the app and one for Rasa's tracker store) and Redis (127.0.0.1:6379:
the app's conversation locks and rate limits, Rasa's lock store; deploy/rasa/endpoints.yml).

Many concurrent citizens talk through ``POST /api/chat``; turns go round-robin across the
two app instances, per turn, not sticky: the conversation locks are shared through Redis
(app/services/shared_state.py) and Rasa's through its Redis lock store. A citizen makes an
inquiry, files a complaint or books a facility, answering what the assistant asks (a
duplicate complaint is filed as new, a booking that lost its slot takes the next offered).

Afterwards every conversation is checked in the database: each citizen message once in the
transcript, the replies the citizen got exactly the bot lines stored, each ticket or booking
code the citizen was given stored once and nothing more, no outbox row pending, dead or
twice, no turn kept for replay. Results (turns/s, p50/p95, errors, memory per process) as
JSON and, with ``--write``, a section in BENCHMARKS.md.

The citizens are in scripts/load_citizens.py, the check afterwards in scripts/load_check.py.

    PYTHONPATH=. .venv/bin/python scripts/load_test.py --citizens 48 --concurrency 16
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.db import make_engine, migrate  # noqa: E402
from scripts.load_check import PG, check  # noqa: E402
from scripts.load_citizens import drive  # noqa: E402
from tests.faults.cluster import ProductionSystem, free_port, production_env  # noqa: E402


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants (its process group), MB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ProcessLookupError):
            continue
    return total / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql],
        check=True,
        capture_output=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--citizens", type=int, default=48)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--write", action="store_true", help="add the result to BENCHMARKS.md")
    ap.add_argument("--json", type=Path, default=ROOT / "runtime" / "load_test.json")
    ap.add_argument("--keep-db", action="store_true", help="keep the run's two databases")
    args = ap.parse_args()

    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    app_db, rasa_db = f"halo_load_{stamp}", f"halo_load_{stamp}_rasa"
    psql(f"CREATE DATABASE {app_db}")
    psql(f"CREATE DATABASE {rasa_db}")
    engine = make_engine(Settings(environment="test", database_url=f"{PG}/{app_db}"))
    migrate(engine)
    engine.dispose()
    runtime = ROOT / "runtime" / f"load-{stamp}"
    env = production_env(
        pg_host="127.0.0.1",
        pg_port=5432,
        app_db=app_db,
        rasa_db=rasa_db,
        redis_host="127.0.0.1",
        redis_port=6379,
        redis_db=13,
        rasa_lock_db=14,
        HALO_RATE_CHAT_PER_IP="100000/minute",
        HALO_RATE_CONVERSATION="1000/minute",
        HALO_LOG_LEVEL="WARNING",
    )
    pairs = [
        ProductionSystem(
            app_port=free_port(),
            rasa_port=free_port(),
            runtime_dir=runtime / f"pair{i}",
            log_dir=runtime / f"pair{i}" / "logs",
            env=env,
        )
        for i in range(2)
    ]
    t0 = time.monotonic()
    result: dict[str, object] = {}
    try:
        for pair in pairs:
            pair.start()
        for pair in pairs:
            pair.wait_ready(timeout_s=600)
        print(f"4 processes ready in {time.monotonic() - t0:.0f} s", flush=True)
        load_before = os.getloadavg()
        citizens, elapsed = asyncio.run(
            drive([p.app_url for p in pairs], args.citizens, args.concurrency)
        )
        load_after = os.getloadavg()
        memory = {
            f"{name}{i}": round(rss_mb(pair.child(name).proc.pid))
            for i, pair in enumerate(pairs)
            for name in ("rasa", "app")
        }
        latencies = [x for c in citizens for x in c.latencies]
        errors = [e for c in citizens for e in c.errors]
        consistency = check(app_db, citizens)
        result = {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{os.cpu_count()} vCPU {platform.processor() or platform.machine()}",
            "load_avg_before_after": [round(load_before[0], 1), round(load_after[0], 1)],
            "citizens": args.citizens,
            "concurrency": args.concurrency,
            "kinds": {
                k: sum(c.kind == k for c in citizens) for k in ("inquiry", "complaint", "booking")
            },
            "completed": sum(c.done for c in citizens),
            "turns": len(latencies),
            "seconds": round(elapsed, 1),
            "turns_per_s": round(len(latencies) / elapsed, 2),
            "p50_ms": round(statistics.median(latencies) * 1000),
            "p95_ms": round(percentile(latencies, 0.95) * 1000),
            "max_ms": round(max(latencies) * 1000),
            "errors": len(errors),
            "error_samples": errors[:10],
            "memory_mb": memory,
            "consistency": consistency,
            "databases": [app_db, rasa_db],
        }
    finally:
        for pair in pairs:
            pair.stop()
        if not args.keep_db:
            psql(f"DROP DATABASE IF EXISTS {app_db} WITH (FORCE)")
            psql(f"DROP DATABASE IF EXISTS {rasa_db} WITH (FORCE)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, default=str))
    print(json.dumps(result, indent=2, default=str))
    if args.write and result:
        write_benchmarks(result)
    problems = result.get("consistency", {}).get("problems", ["no result"])  # type: ignore[union-attr]
    return 0 if not result.get("errors") and not problems else 1


def write_benchmarks(r: dict[str, object]) -> None:
    c, kinds, mem, load = r["consistency"], r["kinds"], r["memory_mb"], r["load_avg_before_after"]
    assert isinstance(c, dict) and isinstance(kinds, dict) and isinstance(mem, dict)
    assert isinstance(load, list)
    outbox = ", ".join(f"{k} {v}" for k, v in c["outbox"].items()) or "no rows"
    lines = [
        "",
        f"## Load test, production profile (issue 16 §7), {r['date']}",
        "",
        "`make load` (scripts/load_test.py): 2 Rasa + 2 app instances (app i calls Rasa i) on",
        "the machine's PostgreSQL (a fresh database per run) and Redis; turns go round-robin",
        "across the two apps per turn, not sticky (conversation locks shared through Redis,",
        f"Rasa's lock store on Redis). {r['citizens']} citizens ({kinds['inquiry']} inquiries,",
        f"{kinds['complaint']} complaints, {kinds['booking']} bookings), {r['concurrency']} at",
        f"once. Machine: {r['machine']}, shared; load average {load[0]} before, {load[1]} after.",
        "",
        "| turns | seconds | turns/s | p50 ms | p95 ms | max ms | errors | completed |",
        "|---|---|---|---|---|---|---|---|",
        f"| {r['turns']} | {r['seconds']} | {r['turns_per_s']} | {r['p50_ms']} | {r['p95_ms']} "
        f"| {r['max_ms']} | {r['errors']} | {r['completed']}/{r['citizens']} |",
        "",
        "Memory (RSS, MB): " + ", ".join(f"{k} {v}" for k, v in mem.items()) + ".",
        "",
        f"Checked afterwards in the database: {c['tickets']} tickets and {c['bookings']} bookings,",
        "each the one its citizen was given; every citizen message once in the transcript",
        f"({c['transcript_rows']} rows in all), the bot lines stored equal to the replies",
        f"received; outbox: {outbox}; {c['kept_turns']} turns kept for replay; consistency",
        f"problems: {len(c['problems'])}.",
        "",
    ]
    with (ROOT / "BENCHMARKS.md").open("a") as fh:
        fh.write("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
