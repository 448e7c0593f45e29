"""Measure the analytics summary and the public index on a large synthetic year.

Writes N complaints (default 20,000) over 2026 with 4-6 history rows each, N/4 conversations
and handoffs and N/10 bookings into a fresh SQLite file and (when reachable) a fresh
PostgreSQL database, then times, median of 5 runs after one warm-up: the complaint figures
for a month and for the year, the assistant figures for a month, and the public index for a
month. Prints a Markdown table.

Usage: .venv/bin/python scripts/bench_analytics.py [N]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine, migrate
from app.models import (
    Booking,
    Complaint,
    ComplaintHistory,
    ComplaintStatus,
    Conversation,
    ConversationMode,
    HandoffRequest,
    HandoffStatus,
    MessageLog,
    Privacy,
)
from app.services import analytics
from app.services.analytics_assistant import assistant_summary
from app.services.analytics_public import public_index
from app.services.facilities import load_catalogue

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CATEGORIES = ["jalan_rusak", "lampu_jalan", "sampah", "banjir_drainase", "air_bersih"]
KELURAHAN = ["Sukamaju", "Sukasari", "Kebonsari", "Mekarjaya", "Tegalsari", "Sidomulyo"]
CHANNELS = ["telegram", "whatsapp", "web"]
FLOW = ["diverifikasi", "didisposisikan", "diproses", "selesai"]


def fill(engine: Engine, n: int) -> None:
    rnd = random.Random(17)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    complaints, history, convs, msgs, handoffs, bookings = [], [], [], [], [], []
    for i in range(n):
        created = start + timedelta(minutes=rnd.randrange(360 * 24 * 60))
        complaints.append(
            {
                "id": i + 1,
                "ticket_code": f"LPR-2026-{i + 1:06d}",
                "year": 2026,
                "seq": i + 1,
                "category": rnd.choice(CATEGORIES),
                "dinas_code": "DPUPR",
                "description": "laporan",
                "address": "",
                "kelurahan": rnd.choice(KELURAHAN),
                "privacy": Privacy.BIASA,
                "source": "chat",
                "reporter_conversation_id": f"{rnd.choice(CHANNELS)}:{i}",
                "status": ComplaintStatus.SELESAI,
                "expected_date": (created + timedelta(days=rnd.randrange(2, 10))).date(),
                "rating": rnd.choice([None, 1, 2, 3, 4, 5]),
                "flagged_for_review": False,
                "created_at": created,
                "updated_at": created,
            }
        )
        at, prev = created, "diterima"
        history.append(
            {
                "complaint_id": i + 1,
                "from_status": None,
                "to_status": prev,
                "note": "",
                "author": "sistem",
                "created_at": at,
            }
        )
        for step in FLOW:
            at = at + timedelta(hours=rnd.randrange(1, 48))
            history.append(
                {
                    "complaint_id": i + 1,
                    "from_status": prev,
                    "to_status": step,
                    "note": "",
                    "author": "petugas",
                    "created_at": at,
                }
            )
            prev = step
        if i % 4 == 0:
            cid = f"web:c{i}"
            convs.append(
                {
                    "id": cid,
                    "channel": "web",
                    "external_id": f"c{i}",
                    "mode": ConversationMode.BOT,
                    "created_at": created,
                    "last_seen_at": created,
                }
            )
            msgs.append(
                {
                    "conversation_id": cid,
                    "direction": "in",
                    "sender": "citizen",
                    "text": "halo",
                    "pushed": False,
                    "created_at": created,
                }
            )
            if i % 8 == 0:
                handoffs.append(
                    {
                        "conversation_id": cid,
                        "reason": "request_human",
                        "status": HandoffStatus.CLOSED,
                        "after_hours": False,
                        "rasa_synced": True,
                        "requested_at": created,
                        "claimed_at": created + timedelta(minutes=rnd.randrange(1, 30)),
                    }
                )
        if i % 10 == 0:
            b_start = datetime(2026, 1, 1, 1, tzinfo=UTC) + timedelta(hours=i // 10)
            bookings.append(
                {
                    "code": f"BK-{i:06d}",
                    "facility_id": "gor",
                    "start_at": b_start,
                    "end_at": b_start + timedelta(minutes=30),
                    "people": 2,
                    "name": "x",
                    "phone": "0812",
                    "owner_id": "web:x",
                    "status": "confirmed",
                    "flagged": False,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    with engine.begin() as conn:
        for table, rows in (
            (Complaint, complaints),
            (ComplaintHistory, history),
            (Conversation, convs),
            (MessageLog, msgs),
            (HandoffRequest, handoffs),
            (Booking, bookings),
        ):
            for k in range(0, len(rows), 5000):
                conn.execute(insert(table.__table__), rows[k : k + 5000])  # type: ignore[attr-defined]


def timed(fn: Callable[[], object]) -> float:
    fn()
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


def measure(engine: Engine) -> dict[str, float]:
    month = analytics.Period(date(2026, 6, 1), date(2026, 6, 30))
    year = analytics.Period(date(2026, 1, 1), date(2026, 12, 31))
    today = date(2027, 1, 1)
    facilities = load_catalogue()  # the default facilities file

    def summary(p: analytics.Period) -> Callable[[], object]:
        def run() -> object:
            with Session(engine) as s:
                return analytics.complaint_summary(analytics.complaint_facts(s, p), today)

        return run

    def assistant() -> object:
        with Session(engine) as s:
            return assistant_summary(s, month, facilities)

    def index() -> object:
        with Session(engine) as s:
            return public_index(s, month, today, facilities)

    return {
        "complaint figures, one month": timed(summary(month)),
        "complaint figures, one year": timed(summary(year)),
        "assistant figures, one month": timed(assistant),
        "public index, one month": timed(index),
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Settings(environment="test", runtime_dir=Path(tmp)))
        migrate(engine)
        fill(engine, n)
        results["SQLite"] = measure(engine)
        engine.dispose()
    name = f"halo_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        print(f"PostgreSQL skipped: {error}")
    else:
        try:
            engine = create_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
            migrate(engine)
            fill(engine, n)
            with engine.begin() as conn:
                conn.execute(text("ANALYZE"))
            results["PostgreSQL"] = measure(engine)
            engine.dispose()
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    dbs = list(results)
    print(f"| {n:,} complaints (ms, median of 5) | " + " | ".join(dbs) + " |")
    print("| --- |" + " --- |" * len(dbs))
    for key in results[dbs[0]]:
        print(f"| {key} | " + " | ".join(f"{results[d][key]:.0f}" for d in dbs) + " |")


if __name__ == "__main__":
    main()
