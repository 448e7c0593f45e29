"""Faults on the production profile with the real Rasa (about 1.5-3 minutes here: one Rasa
start and one restart; in ``make test`` where PostgreSQL's server binaries and redis-server
are installed, skipped otherwise; ``HALO_FAULT_TESTS=0`` leaves them out, ``make faults``
runs them alone).

One Rasa + app pair (app/launcher.py, supervised as under ``make run``) on a private
PostgreSQL cluster and a private redis-server (tests/faults/cluster.py): Rasa's tracker store
on PostgreSQL and its lock store on Redis (deploy/rasa/endpoints.yml), the app on PostgreSQL
with its conversation locks and rate limits on Redis. Each test is a citizen in the web chat
part-way through filing a complaint when one part fails:

- Rasa killed (SIGKILL): the citizen is told the message is kept; the supervisor starts Rasa
  again; the kept message is replayed and its answer appears in the page's updates once.
- PostgreSQL restarted: while it is down the chat answers 503 with a message the citizen can
  read (the kiosk shows and speaks it) and a Retry-After, and nothing is half-stored;
  /health/ready names the database; the same message sent again once it is back is
  answered once.
- Rasa's lock store (its own Redis here) stopped: the turn fails inside Rasa, answered 503 by
  the halo channel; the app keeps the message and replays it once the lock store is back.
- Redis stopped (every one): the message is kept (the conversation lock and Rasa's lock
  store are on Redis) and the citizen told so; rate limits let requests through
  uncounted; once Redis is back the message is replayed and answered once.

Afterwards: no turn, reply, outbox row or Rasa event twice, nothing left pending.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from app.config import Settings
from app.db import make_engine, migrate
from app.launcher import Backoff
from core.texts import t
from tests.faults.cluster import (
    PrivatePostgres,
    PrivateRedis,
    ProductionSystem,
    free_port,
    production_env,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (glob.glob("/usr/lib/postgresql/*/bin/initdb") and shutil.which("redis-server")),
        reason="needs PostgreSQL's server binaries and redis-server",
    ),
    pytest.mark.skipif(os.environ.get("HALO_FAULT_TESTS") == "0", reason="HALO_FAULT_TESTS=0"),
]

KEPT = t("app.assistant_unavailable")
LOGS_KEPT = Path(tempfile.gettempdir()) / "halo-faults-logs"
COMPLAINT = "lampu jalan mati di jl melati rt 03 kelurahan sukamaju"


@dataclass
class Stack:
    system: ProductionSystem
    pg: PrivatePostgres
    redis: PrivateRedis  # the app's locks and rate limits
    rasa_redis: PrivateRedis  # Rasa's lock store (one Redis in a deployment; two here)
    runtime: Path

    @property
    def app_db(self) -> str:
        return self.pg.url("halo")

    def sql(self, query: str, db: str = "halo") -> list[tuple]:
        engine = create_engine(self.pg.url(db))
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.execute(text(query)).all()]
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    pg, redis, rasa_redis = PrivatePostgres(), PrivateRedis(), PrivateRedis()
    pg.start()
    pg.create_db("halo")
    redis.start()
    rasa_redis.start()
    runtime = tmp_path_factory.mktemp("faults")
    env = production_env(
        pg_host="127.0.0.1",
        pg_port=pg.port,
        app_db="halo",
        rasa_db="rasa",
        redis_host="127.0.0.1",
        redis_port=redis.port,
        rasa_redis_port=rasa_redis.port,
        HALO_OUTBOX_INTERVAL_S="0.5",
    )
    engine = make_engine(Settings(environment="test", database_url=pg.url("halo")))
    migrate(engine)  # once, before the app (as the deployment's migration job)
    engine.dispose()
    system = ProductionSystem(
        app_port=free_port(),
        rasa_port=free_port(),
        runtime_dir=runtime,
        log_dir=runtime / "logs",
        env=env,
        backoff=Backoff(initial_s=0.5, max_s=2.0),
    )
    stop = threading.Event()
    try:
        system.start()
        system.wait_ready(timeout_s=420)
        supervisor = threading.Thread(target=system.supervise, args=(stop,), daemon=True)
        supervisor.start()  # as make run: a killed child is started again
        yield Stack(system, pg, redis, rasa_redis, runtime)
    except Exception:
        for log in sorted((runtime / "logs").glob("*.log")):
            print(f"==== {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        raise
    finally:
        stop.set()
        system.stop()
        # the children's logs outlive pytest's temporary directories
        shutil.copytree(runtime / "logs", LOGS_KEPT, dirs_exist_ok=True)
        redis.close()
        rasa_redis.close()
        pg.close()


class Citizen:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60.0)
        self.session_id: str | None = None
        self.last_update = 0

    def post(self, text_: str, message_id: str | None = None) -> httpx.Response:
        return self.http.post(
            "/api/chat",
            json={"session_id": self.session_id, "text": text_, "message_id": message_id},
        )

    def say(self, text_: str, message_id: str | None = None) -> list[dict]:
        resp = self.post(text_, message_id)
        assert resp.status_code == 200, resp.text
        data = resp.json()
        self.session_id = data["session_id"]
        return data["messages"]

    def updates(self, timeout_s: float = 120.0) -> list[dict]:
        """Messages pushed to the page after the last seen ones (waits for some)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            resp = self.http.get(
                f"/api/chat/{self.session_id}/updates", params={"after": self.last_update}
            )
            if resp.status_code == 200 and resp.json()["messages"]:
                self.last_update = resp.json()["last_id"]
                return resp.json()["messages"]
            time.sleep(0.5)
        return []

    def start_complaint(self) -> None:
        self.say("halo")
        out = self.say(COMPLAINT)
        assert "lewati" in payloads(out), out  # the photo question


def payloads(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


@pytest.fixture
def citizen(stack: Stack) -> Iterator[Citizen]:
    c = Citizen(stack.system.app_url)
    yield c
    c.http.close()


def wait(predicate, timeout_s: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"not within {timeout_s:.0f} s: {what}")


def ready(stack: Stack) -> bool:
    try:
        return httpx.get(f"{stack.system.app_url}/health/ready", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def test_rasa_killed_mid_conversation(stack: Stack, citizen: Citizen) -> None:
    citizen.start_complaint()
    rasa = stack.system.child("rasa")
    os.killpg(rasa.proc.pid, signal.SIGKILL)
    rasa.proc.wait()
    out = citizen.say("lewati", message_id=f"k-{uuid.uuid4().hex}")
    assert [m["text"] for m in out] == [KEPT]  # "... Pesan Anda sudah kami simpan ..."
    assert [m["sender"] for m in out] == ["system"]
    wait(lambda: stack.system.child("rasa").restarts == 1, 30, "Rasa restarted")
    wait(stack.system.rasa_up, 420, "Rasa ready again")
    replayed = citizen.updates()
    assert payloads(replayed) == ["biasa", "anonim", "rahasia"], replayed  # the next step
    out = citizen.say("biasa")
    assert payloads(out) == ["ya", "tidak"]  # the conversation goes on where it was


def test_postgres_restarted(stack: Stack, citizen: Citizen) -> None:
    wait(lambda: ready(stack), 300, "ready")
    citizen.start_complaint()
    stack.pg.stop()
    mid = f"p-{uuid.uuid4().hex}"
    resp = citizen.post("lewati", message_id=mid)
    assert resp.status_code == 503 and resp.headers.get("retry-after"), resp.text
    assert resp.json()["detail"] == t("app.database_unavailable")
    assert "Traceback" not in resp.text and "psycopg" not in resp.text
    live = httpx.get(f"{stack.system.app_url}/health/live", timeout=5)
    assert live.status_code == 200
    not_ready = httpx.get(f"{stack.system.app_url}/health/ready", timeout=10)
    assert not_ready.status_code == 503 and "database" in not_ready.json()["missing"]
    stack.pg.start()
    wait(lambda: ready(stack), 60, "ready after PostgreSQL is back")
    out = citizen.say("lewati", message_id=mid)  # the page's retry of the same message
    if [m["text"] for m in out] == [KEPT]:  # Rasa's own connections were stale: replayed
        out = citizen.updates()
    assert payloads(out) == ["biasa", "anonim", "rahasia"], out
    assert payloads(citizen.say("biasa")) == ["ya", "tidak"]


def test_rasa_lock_store_down(stack: Stack, citizen: Citizen) -> None:
    """Only Rasa's Redis: the turn fails inside Rasa (its lock store), the halo channel
    answers 503 (Rasa's REST channel alone answers 200 with no messages: the message was
    lost), so the app keeps it and replays it once the lock store is back."""
    wait(lambda: ready(stack), 300, "ready")
    citizen.start_complaint()
    stack.rasa_redis.stop()
    out = citizen.say("lewati", message_id=f"l-{uuid.uuid4().hex}")
    assert [m["text"] for m in out] == [KEPT]
    time.sleep(2)  # worker rounds meanwhile: Rasa still refuses, the turn stays kept
    stack.rasa_redis.start()
    replayed = citizen.updates()
    assert payloads(replayed) == ["biasa", "anonim", "rahasia"], replayed
    assert payloads(citizen.say("biasa")) == ["ya", "tidak"]


def test_redis_stopped(stack: Stack, citizen: Citizen) -> None:
    """Every Redis (a deployment has one): the app's lock, its rate limits, Rasa's locks."""
    wait(lambda: ready(stack), 300, "ready")
    citizen.start_complaint()
    stack.redis.stop()
    stack.rasa_redis.stop()
    out = citizen.say("lewati", message_id=f"r-{uuid.uuid4().hex}")
    assert [m["text"] for m in out] == [KEPT]
    time.sleep(2)  # a few worker rounds fail meanwhile (logged) and keep the turn
    stack.redis.start()  # same ports
    stack.rasa_redis.start()
    replayed = citizen.updates()
    assert payloads(replayed) == ["biasa", "anonim", "rahasia"], replayed
    assert payloads(citizen.say("biasa")) == ["ya", "tidak"]


def test_nothing_lost_or_sent_twice(stack: Stack) -> None:
    """Over the whole module: every citizen line once, every kept turn replayed once, every
    outbox row sent once, each citizen message once in Rasa's tracker."""
    kept = dict(stack.sql("SELECT status, count(*) FROM pendingturn GROUP BY status"))
    assert "pending" not in kept and kept.get("done", 0) >= 3  # Rasa, lock store, Redis (+ PG 0-1)
    assert (
        stack.sql(
            "SELECT conversation_id, channel_message_id, count(*) FROM messagelog "
            "WHERE channel_message_id IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1"
        )
        == []
    )
    assert stack.sql("SELECT status, count(*) FROM outbox GROUP BY status") == [
        ("sent", stack.sql("SELECT count(*) FROM outbox")[0][0])
    ]
    assert stack.sql("SELECT idempotency_key FROM outbox GROUP BY 1 HAVING count(*) > 1") == []
    # Rasa's tracker store: each citizen message of a conversation reached Rasa once
    dupes = stack.sql(
        "SELECT sender_id, data::json->>'text', count(*) FROM events "
        "WHERE type_name = 'user' AND data::json->>'text' = 'lewati' GROUP BY 1, 2 "
        "HAVING count(*) > 1",
        db="rasa",
    )
    assert dupes == []
