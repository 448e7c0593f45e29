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

    PYTHONPATH=. .venv/bin/python scripts/load_test.py --citizens 48 --concurrency 16
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.db import make_engine, migrate  # noqa: E402
from tests.faults.cluster import ProductionSystem, free_port, production_env  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
TICKET_RE = re.compile(r"LPR-\d{4}-\d{6}")
BOOKING_RE = re.compile(r"\bBK-[2-9A-HJ-NP-Z]{6}\b")
KEPT = "Pesan Anda sudah kami simpan"

INQUIRIES = [
    ["halo", "gmn cr urus akta lhr anak sy", "pajak motor bayar dimana ya", "terima kasih"],
    ["selamat pagi", "syarat bikin ktp baru apa saja", "terima kasih"],
    ["halo", "pajak motor bayar dimana ya", "gmn cr urus akta lhr anak sy", "makasih"],
]
COMPLAINTS = [
    "lampu jalan mati di jl melati rt 03 kelurahan sukamaju",
    "jalan berlubang besar di jl melati rt 05 kelurahan sukamaju",
    "sampah menumpuk di Pasar Kebonsari, Kota Tengah",
    "lampu jalan mati di depan Pasar Kebonsari, Kota Tengah",
]
BOOKINGS = [
    f"saya mau pesan lapangan tenis {court} {day} jam {hour} 1 jam untuk 2 orang"
    for day in ("lusa", *(f"tanggal {d} desember" for d in range(7, 24)))
    for court in ("a", "b")
    for hour in ("8 pagi", "10 pagi", "1 siang", "4 sore", "7 malam")
]


@dataclass
class Citizen:
    kind: str
    n: int
    session_id: str | None = None
    sent: list[str] = field(default_factory=list)  # message ids
    replies: int = 0  # messages received inline
    codes: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    done: bool = False


class Load:
    def __init__(self, bases: list[str]) -> None:
        self.bases = bases
        self.turn = itertools.count()
        self.http = httpx.AsyncClient(timeout=120.0, limits=httpx.Limits(max_connections=200))

    async def say(self, c: Citizen, text_: str) -> list[dict]:
        base = self.bases[next(self.turn) % len(self.bases)]  # round-robin, per turn
        mid = f"load-{c.kind}-{c.n}-{len(c.sent)}"
        started = time.perf_counter()
        resp = await self.http.post(
            f"{base}/api/chat",
            json={"session_id": c.session_id, "text": text_, "message_id": mid},
        )
        c.latencies.append(time.perf_counter() - started)
        c.sent.append(mid)
        if resp.status_code != 200:
            c.errors.append(f"HTTP {resp.status_code} on {text_!r}")
            return []
        data = resp.json()
        c.session_id = data["session_id"]
        c.replies += len(data["messages"])
        if any(KEPT in m["text"] for m in data["messages"]):
            c.errors.append(f"kept (Rasa unavailable) on {text_!r}")
        return data["messages"]

    async def inquiry(self, c: Citizen) -> None:
        for line in INQUIRIES[c.n % len(INQUIRIES)]:
            out = await self.say(c, line)
            if not out:
                c.errors.append(f"no answer to {line!r}")
                return
        c.done = True

    async def complaint(self, c: Citizen) -> None:
        await self.say(c, "halo")
        out = await self.say(c, COMPLAINTS[c.n % len(COMPLAINTS)])
        for _ in range(14):
            words, buttons = _texts(out), _payloads(out)
            found = TICKET_RE.findall(words)
            if "baru" in buttons:
                answer = "baru"  # a similar report exists (its code shown): file this as new
            elif found:
                c.codes.extend(sorted(set(found)))
                c.done = True
                return
            elif "lewati" in buttons:
                answer = "lewati"
            elif "anonim" in buttons:
                answer = "biasa"
            elif buttons[:2] == ["ya", "tidak"]:
                answer = "tidak"
            elif "periksa laporan" in words:
                answer = "kirim"
            elif "nomor hp" in words.lower() or "NIK" in words:
                answer = "lewati"
            else:
                c.errors.append(f"complaint: unexpected {words[:120]!r}")
                return
            out = await self.say(c, answer)
        c.errors.append("complaint: not filed in 16 turns")

    async def booking(self, c: Citizen) -> None:
        await self.say(c, "halo")
        out = await self.say(c, BOOKINGS[(c.n // 3) % len(BOOKINGS)])
        phone = f"0812{random.randint(10_000_000, 99_999_999)}"
        for _ in range(10):
            words, buttons = _texts(out), _payloads(out)
            if "Pemesanan berhasil" in words:
                c.codes.extend(sorted(set(BOOKING_RE.findall(words))))
                c.done = True
                return
            if "Atas nama siapa" in words:
                answer = f"Warga Uji {c.n}"
            elif "Nomor HP" in words:
                answer = phone
            elif buttons[:2] == ["ya", "batal"]:
                answer = "ya"
            elif buttons:  # the slot went meanwhile, or the free days / times offered
                answer = buttons[0]
            else:
                c.errors.append(f"booking: unexpected {words[:120]!r}")
                return
            out = await self.say(c, answer)
        c.errors.append("booking: not confirmed in 12 turns")


def _texts(out: list[dict]) -> str:
    return "\n".join(m["text"] for m in out)


def _payloads(out: list[dict]) -> list[str]:
    return [b["payload"] for m in out for b in m.get("buttons", [])]


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


def check(app_db: str, citizens: list[Citizen]) -> dict[str, object]:
    """Every conversation complete and consistent in the database."""
    engine = create_engine(f"{PG}/{app_db}")
    problems: list[str] = []
    with engine.connect() as conn:

        def q(sql: str, **params: object) -> list[tuple]:
            return [tuple(r) for r in conn.execute(text(sql), params).all()]

        for c in citizens:
            conv = f"web:{c.session_id}"
            ins = [
                r[0]
                for r in q(
                    "SELECT channel_message_id FROM messagelog WHERE conversation_id = :c "
                    "AND direction = 'in' ORDER BY id",
                    c=conv,
                )
            ]
            if ins != c.sent:
                problems.append(f"{conv}: transcript in {len(ins)} vs sent {len(c.sent)}")
            (outs,) = q(
                "SELECT count(*) FROM messagelog WHERE conversation_id = :c AND direction = 'out'"
                " AND NOT pushed",
                c=conv,
            )[0]
            if outs != c.replies:
                problems.append(f"{conv}: {outs} replies stored vs {c.replies} received")
            if c.kind == "complaint":
                stored = [
                    r[0]
                    for r in q(
                        "SELECT ticket_code FROM complaint WHERE reporter_conversation_id = :c",
                        c=conv,
                    )
                ]
                if sorted(stored) != sorted(c.codes):
                    problems.append(f"{conv}: tickets {stored} vs given {c.codes}")
            if c.kind == "booking":
                stored = [r[0] for r in q("SELECT code FROM booking WHERE owner_id = :c", c=conv)]
                if sorted(stored) != sorted(c.codes):
                    problems.append(f"{conv}: bookings {stored} vs given {c.codes}")
        totals = {
            "tickets": q("SELECT count(*) FROM complaint")[0][0],
            "bookings": q("SELECT count(*) FROM booking")[0][0],
            "transcript_rows": q("SELECT count(*) FROM messagelog")[0][0],
            "outbox": dict(q("SELECT status, count(*) FROM outbox GROUP BY status")),
            "kept_turns": q("SELECT count(*) FROM pendingturn")[0][0],
        }
        given_tickets = sum(len(c.codes) for c in citizens if c.kind == "complaint")
        given_bookings = sum(len(c.codes) for c in citizens if c.kind == "booking")
        if totals["tickets"] != given_tickets:
            problems.append(f"{totals['tickets']} tickets stored, {given_tickets} given")
        if totals["bookings"] != given_bookings:
            problems.append(f"{totals['bookings']} bookings stored, {given_bookings} given")
        outbox = totals["outbox"]
        assert isinstance(outbox, dict)
        if set(outbox) - {"sent"}:
            problems.append(f"outbox not all sent: {outbox}")
        if totals["kept_turns"]:
            problems.append(f"{totals['kept_turns']} turns kept for replay")
        dup = q(
            "SELECT conversation_id, channel_message_id FROM messagelog WHERE channel_message_id"
            " IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1"
        )
        if dup:
            problems.append(f"{len(dup)} citizen messages stored twice")
    engine.dispose()
    return {"problems": problems, **totals}


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql],
        check=True,
        capture_output=True,
    )


async def drive(bases: list[str], n: int, concurrency: int) -> tuple[list[Citizen], float]:
    load = Load(bases)
    kinds = ["inquiry", "complaint", "booking"]
    citizens = [Citizen(kinds[i % 3], i) for i in range(n)]
    gate = asyncio.Semaphore(concurrency)

    async def one(c: Citizen) -> None:
        async with gate:
            try:
                await getattr(load, c.kind)(c)
            except Exception as error:  # counted as the citizen's error
                c.errors.append(f"{type(error).__name__}: {error}")

    started = time.perf_counter()
    await asyncio.gather(*(one(c) for c in citizens))
    elapsed = time.perf_counter() - started
    await load.http.aclose()
    return citizens, elapsed


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
