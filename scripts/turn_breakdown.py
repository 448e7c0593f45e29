"""Where a text turn's time goes: the real Rasa (stopwatched, scripts/rasa_timed.py) and the
app, with Rasa's bare ``/model/parse`` of the same sentences measured side by side in the
same run (each parse just before its turn) -> BENCHMARKS.md, section "Turn breakdown".

Per turn (web channel, sequential, so the app's /metrics deltas belong to that turn):
the client's wall time; the app's own handling (its request minus the Rasa round trip) and
its database time; the Rasa round trip split into Rasa's HTTP/channel layer, the lock,
NLU, policies, tracker store load and save, the action round trip (Rasa's view) with the
action endpoint's own time and database; and the rest of Rasa's turn. p50 / p95 in ms.

The app logs JSON lines (HALO_LOG_FORMAT=json); the run counts the action log lines that
carry their turn's request id (sent as X-Request-ID, forwarded by Rasa in the message
metadata).

Part of ``make bench`` (never of ``make test``): it starts Rasa (about a minute).

Then ``--citizens`` (16) conversations at once through the app against as many parallel
bare parses (scripts/turn_concurrency.py): throughput, p50 / p95, errors.

Usage: .venv/bin/python scripts/turn_breakdown.py [--sessions 8] [--citizens 16] [--label after]
       [--no-write]
       (the "before" section of BENCHMARKS.md: --label before; make bench writes "latest")
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from app.launcher import LocalSystem  # noqa: E402
from scripts import turn_concurrency, turn_cpu  # noqa: E402
from tests.e2e.conftest import free_port  # noqa: E402

BENCHMARKS = ROOT / "BENCHMARKS.md"
HEADING = "## Turn breakdown (issue 16)"


def markers(label: str) -> tuple[str, str]:
    """One section per label ("before", "after", ...), so a later run keeps the earlier."""
    return f"<!-- turn-breakdown-{label}:start -->", f"<!-- turn-breakdown-{label}:end -->"


RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
# One conversation: a greeting, questions the knowledge base answers, thanks.
SESSION = [
    "halo",
    "syarat membuat ktp elektronik apa saja",
    "ktp saya hilang bagaimana",
    "jam buka disdukcapil",
    "cara daftar bpjs kesehatan",
    "terima kasih",
]
TURN_IDS: set[str] = set()  # the X-Request-ID of every turn sent
CPU = turn_cpu.Meter()  # CPU ms of Rasa and the app per parse and per turn
MODEL = ""  # --model
STAGE_RE = re.compile(r'^halo_stage_duration_seconds_sum\{stage="([a-z_]+)"\} (\S+)$', re.M)
HTTP_RE = re.compile(r"^halo_http_request_duration_seconds_sum\{([^}]*)\} (\S+)$", re.M)


@dataclass
class TimedSystem(LocalSystem):
    """The launcher's system with Rasa started through scripts/rasa_timed.py."""

    def commands(self) -> dict[str, list[str]]:
        cmds = super().commands()
        rasa = cmds["rasa"]
        cmds["rasa"] = [str(RASA_PYTHON), str(ROOT / "scripts" / "rasa_timed.py"), *rasa[1:]]
        if MODEL:  # --model: a pinned model file instead of models/CURRENT
            cmds["rasa"][cmds["rasa"].index("--model") + 1] = MODEL
        return cmds


def scrape(app: httpx.Client) -> dict[str, float]:
    """Sums (seconds) of the app's stage histograms and of its HTTP routes."""
    text = app.get("/metrics").text
    out = {f"stage:{name}": float(v) for name, v in STAGE_RE.findall(text)}
    for labels, value in HTTP_RE.findall(text):
        got = dict(re.findall(r'(\w+)="([^"]*)"', labels))
        key = f"http:{got.get('method')} {got.get('route')}"
        out[key] = out.get(key, 0.0) + float(value)
    return out


def rasa_stages(path: Path, offset: int, sender: str) -> tuple[dict[str, float], int]:
    """Rasa's per-stage milliseconds for ``sender`` written after byte ``offset``."""
    with path.open(encoding="utf-8") as fh:
        fh.seek(offset)
        data = fh.read()
        end = fh.tell()
    sums: dict[str, float] = {}
    for line in data.splitlines():
        row = json.loads(line)
        if row["sender"] == sender:
            sums[row["stage"]] = sums.get(row["stage"], 0.0) + row["ms"]
    return sums, end


def server_timing(header: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in header.split(","):
        name, _, dur = part.strip().partition(";dur=")
        if dur:
            out[name] = float(dur)
    return out


def one_turn(
    app: httpx.Client, rasa: httpx.Client, token: str, timings: Path, text: str, sid: str | None
) -> tuple[dict[str, float], str]:
    row: dict[str, float] = {}
    offset = timings.stat().st_size
    cpu0, t0 = CPU.snap(), time.perf_counter()
    rasa.post("/model/parse", params={"token": token}, json={"text": text}).raise_for_status()
    row["parse"] = (time.perf_counter() - t0) * 1000
    CPU.add("parse", cpu0)
    parse_parts, offset = rasa_stages(timings, offset, "default")
    row["parse_nlu"] = parse_parts.get("nlu", 0.0)
    before = scrape(app)
    body: dict[str, Any] = {"text": text}
    if sid:
        body["session_id"] = sid
    turn_id = f"turn-{time.monotonic_ns()}"
    cpu0, t0 = CPU.snap(), time.perf_counter()
    resp = app.post("/api/chat", json=body, headers={"X-Request-ID": turn_id})
    row["turn"] = (time.perf_counter() - t0) * 1000
    CPU.add("turn", cpu0)
    resp.raise_for_status()
    TURN_IDS.add(turn_id)
    sid = resp.json()["session_id"]
    after = scrape(app)
    delta = {k: (after.get(k, 0.0) - before.get(k, 0.0)) * 1000 for k in after}
    timing = server_timing(resp.headers.get("server-timing", ""))
    parts, _ = rasa_stages(timings, offset, f"web:{sid}")
    row["app"] = timing.get("app", delta.get("http:POST /api/chat", 0.0))
    row["rasa_rt"] = timing.get("rasa", 0.0)
    row["app_own"] = row["app"] - row["rasa_rt"]
    row["app_db"] = timing.get("database", 0.0)
    row["db_all"] = delta.get("stage:database", 0.0)
    row["action_req"] = delta.get("http:POST /actions/webhook", 0.0)
    row["action_app"] = delta.get("stage:action", 0.0)
    row["action_db"] = max(0.0, row["db_all"] - row["app_db"])
    for stage in ("handle", "processor", "nlu", "policies", "tracker_load", "tracker_save"):
        row[stage] = parts.get(stage, 0.0)
    row["action_http"] = parts.get("action_http", 0.0)
    row["action_format"] = parts.get("action_format", 0.0)
    row["action_kb"] = parts.get("action_kb", 0.0)
    row["action_post"] = parts.get("action_post", 0.0)
    row["action_validate"] = parts.get("action_validate", 0.0)
    row["rasa_http"] = row["rasa_rt"] - row["handle"]
    row["lock"] = row["handle"] - row["processor"]
    # bot/speedups.py starts the tracker load together with the NLU parse: only the part of
    # the load that outlasts the parse adds to the turn
    row["tracker_load_after_nlu"] = max(0.0, row["tracker_load"] - row["nlu"])
    inner = ("nlu", "policies", "tracker_load_after_nlu", "tracker_save", "action_http")
    row["rasa_rest"] = row["processor"] - sum(row[s] for s in inner)
    return row, sid


ROWS = [
    ("turn", "text turn through the app, as the client sees it (POST /api/chat)"),
    ("app", "- the app's request, first byte in to last byte out"),
    ("app_own", "- - the app's own handling (channel, transcript, checks; request minus Rasa)"),
    ("app_db", "- - - of which database (transcript, conversation, rate checks)"),
    ("rasa_rt", "- - Rasa round trip (REST channel)"),
    ("rasa_http", "- - - Rasa's HTTP server and halo channel (round trip minus the turn)"),
    ("lock", "- - - lock store"),
    ("nlu", "- - - NLU parse (pipeline)"),
    ("policies", "- - - policies (every prediction of the turn)"),
    ("tracker_load", "- - - tracker store: load (started with the NLU parse, beside it)"),
    ("tracker_load_after_nlu", "- - - - of which after the NLU parse ended"),
    ("tracker_save", "- - - tracker store: save"),
    ("action_http", "- - - action round trip (Rasa's view, every action of the turn)"),
    ("action_format", "- - - - Rasa building the call's JSON (whole tracker and domain)"),
    ("action_post", "- - - - the HTTP exchange (JSON out, answer in)"),
    ("action_req", "- - - - - the app's action request (first byte in to last byte out)"),
    ("action_app", "- - - - - - the actions themselves (rasa-sdk executor)"),
    ("action_db", "- - - - - - - of which database"),
    ("action_validate", "- - - - Rasa checking the answer against its JSON schema"),
    ("rasa_rest", "- - - rest of Rasa's turn (events, slot extraction, bot messages)"),
    ("parse", "bare `/model/parse` of the same sentence, as the client sees it"),
    ("parse_nlu", "- NLU parse inside it"),
]


def traced_actions(log: Path) -> tuple[int, int]:
    """(action log lines carrying the request id of the turn that caused them, all action
    lines) in the app's JSON log."""
    found = total = 0
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("logger") == "halo.actions":
            total += 1
            found += record.get("request_id") in TURN_IDS
    return found, total


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(rows: list[dict[str, float]], label: str, extra: dict[str, Any]) -> str:
    def col(key: str) -> list[float]:
        return [r[key] for r in rows]

    turn50 = statistics.median(col("turn"))
    start, end = markers(label)
    lines = [
        start,
        f"### Turn breakdown: {label}",
        "",
        f"`scripts/turn_breakdown.py` ({extra['date']}; {extra['machine']}; load average "
        f"{extra['load'][0]:.1f} -> {extra['load'][1]:.1f}): {len(rows)} text turns on the web "
        f"channel, {extra['sessions']} conversations of {len(SESSION)} messages (greeting, "
        "four questions the knowledge base answers, thanks), one at a time, real Rasa "
        "(SQLite tracker store) and app, each turn right after Rasa's bare `/model/parse` of "
        "the same sentence. Rasa's stages are timed inside Rasa (scripts/rasa_timed.py), the "
        "app's from its own metrics (app/observability). Milliseconds.",
        "",
        "| stage | p50 | p95 | p50 share of the turn |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key, name in ROWS:
        values = col(key)
        p50 = statistics.median(values)
        lines.append(
            f"| {name} | {p50:.1f} | {pct(values, 0.95):.1f} | {100 * p50 / turn50:.0f}% |"
        )
    kb = col("action_kb")
    lines.append(
        f"| action calls' JSON per turn, KB (not ms) | {statistics.median(kb):.0f} "
        f"| {pct(kb, 0.95):.0f} | |"
    )
    ratio50 = turn50 / statistics.median(col("parse"))
    ratio95 = pct(col("turn"), 0.95) / pct(col("parse"), 0.95)
    lines += [
        "",
        f"Turn / bare parse: **{ratio50:.1f}x** at the median, {ratio95:.1f}x at p95 (target "
        "2x at the median). Memory after the run: Rasa "
        f"{extra['rss']['rasa']:.0f} MB RSS, app {extra['rss']['app']:.0f} MB RSS. Request "
        f"ids: {extra['traced'][0]} of {extra['traced'][1]} action log lines carry the "
        "X-Request-ID of the turn that caused them (app JSON log).",
    ]
    if extra.get("concurrency"):
        lines += turn_concurrency.report_lines(extra["concurrency"])
    if extra.get("cpu"):
        lines += turn_cpu.report_lines(extra["cpu"], extra["concurrency"].get("citizens", 0))
    lines.append(end)
    return "\n".join(lines) + "\n"


def write(section: str, label: str) -> None:
    """Replace this label's section between its markers, like scripts/bench.py; a new
    label's section goes after the others under the heading."""
    start, end = markers(label)
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + section.rstrip("\n") + rest.split(end, 1)[1]
    elif HEADING in text:
        head, rest = text.split(HEADING, 1)
        limit = _next_heading(rest)
        last = rest.rfind(":end -->", 0, limit)
        cut = rest.index("\n", last) + 1 if last >= 0 else limit
        text = head + HEADING + rest[:cut] + "\n" + section + rest[cut:]
    else:
        text = text.rstrip("\n") + f"\n\n{HEADING}\n\n" + section
    BENCHMARKS.write_text(text, encoding="utf-8")


def _next_heading(rest: str) -> int:
    found = re.search(r"^## ", rest, re.M)
    return found.start() if found else len(rest)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument(
        "--label", default="latest", help="section name: before, after (issue 16), latest"
    )
    parser.add_argument("--citizens", type=int, default=16, help="at once; 0: skip that part")
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternating blocks of parses and of turns"
    )
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--model", default="", help="model file (default: models/CURRENT)")
    parser.add_argument("--json", help="also save the per-turn rows here")
    parser.add_argument("--from-json", help="render a saved run (--json) instead of running")
    args = parser.parse_args()
    if args.from_json:
        saved = json.loads(Path(args.from_json).read_text())
        rows = saved.pop("rows")
        for row in rows:  # a run saved before the load beside the parse was counted apart
            if "tracker_load_after_nlu" not in row:
                row["tracker_load_after_nlu"] = max(0.0, row["tracker_load"] - row["nlu"])
                row["rasa_rest"] += row["tracker_load"] - row["tracker_load_after_nlu"]
        saved["load"] = tuple(saved["load"])
        section = report(rows, args.label, saved)
        print(section)
        if not args.no_write:
            write(section, args.label)
        return 0
    global MODEL
    MODEL = args.model
    runtime = Path(tempfile.mkdtemp(prefix="halo_turns_"))
    timings = runtime / "rasa_timings.jsonl"
    timings.touch()
    system = TimedSystem(app_port=free_port(), rasa_port=free_port(), runtime_dir=runtime)
    system.env.update(
        {
            "HALO_RASA_TIMINGS": str(timings),
            "HALO_SERVER_TIMING": "true",
            "HALO_LOG_FORMAT": "json",
            # the clients all come from 127.0.0.1: the per-IP chat limit would refuse them
            "HALO_RATE_CHAT_PER_IP": "100000/minute",
        }
    )
    system.log_dir = runtime / "logs"
    load_start = os.getloadavg()[0]
    print(f"[turns] starting Rasa and the app ({runtime})", flush=True)
    system.start()
    try:
        system.wait_ready(timeout_s=900)  # a loaded 2-core machine: minutes
        app = httpx.Client(base_url=system.app_url, timeout=60)
        rasa = httpx.Client(base_url=system.rasa_url, timeout=60)
        token = system.rasa_token
        CPU.pids = {c.name: c.proc.pid for c in system._children}
        sid = None
        for text in SESSION:  # warm-up conversation, not counted
            _, sid = one_turn(app, rasa, token, timings, text, sid)
        CPU.reset()
        rows: list[dict[str, float]] = []
        for n in range(args.sessions):
            sid = None
            for text in SESSION:
                row, sid = one_turn(app, rasa, token, timings, text, sid)
                rows.append(row)
            print(f"[turns] conversation {n + 1}/{args.sessions}", flush=True)
        traced = traced_actions(runtime / "logs" / "app.log")
        concurrency: dict[str, Any] = {}
        if args.citizens:
            print(f"[turns] {args.citizens} citizens at once", flush=True)
            concurrency = turn_concurrency.measure(
                system.app_url, system.rasa_url, token, SESSION, args.citizens, args.rounds, CPU
            )
            concurrency.update(citizens=args.citizens, rounds=args.rounds)
        pids = {c.name: c.proc.pid for c in system._children}
        rss = {name: turn_cpu.rss_mb(pid) for name, pid in pids.items()}
    finally:
        system.stop()
    extra = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": turn_cpu.machine(),
        "load": (load_start, os.getloadavg()[0]),
        "sessions": args.sessions,
        "rss": rss,
        "traced": traced,
        "concurrency": concurrency,
        "cpu": CPU.result(),
    }
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, **extra}, indent=1))
    section = report(rows, args.label, extra)
    print(section)
    if not args.no_write:
        write(section, args.label)
        print(f"[turns] written to {BENCHMARKS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
