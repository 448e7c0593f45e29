"""Two outbox workers on the real PostgreSQL (127.0.0.1:5432, a fresh database): no row is
sent twice, each conversation's rows go out in order."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.config import Settings
from app.db import make_engine, migrate
from app.models import OutboxMessage
from app.services import outbox
from app.services.conversations import get_or_create_conversation
from app.services.outbound import Outbound
from app.services.outbox_worker import OutboxWorker
from core.message import OutgoingMessage

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CONVERSATIONS = 30
PER_CONVERSATION = 10


@pytest.fixture
def pg_engine(tmp_path: Path) -> Iterator[Engine]:
    name = f"halo_outbox_{uuid.uuid4().hex}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # pragma: no cover - no server here
        pytest.skip(f"PostgreSQL not reachable: {error}")
    settings = Settings(
        environment="test",
        runtime_dir=tmp_path,
        rasa_url="http://127.0.0.1:9",
        database_url=f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
    )
    engine = make_engine(settings)
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class SlowSender:
    def __init__(self, log: list[tuple[str, str, str]], lock: threading.Lock, name: str) -> None:
        self.log, self.lock, self.name = log, lock, name

    async def send(self, user_id: str, messages: list[OutgoingMessage]) -> None:
        await asyncio.sleep(0.002)  # a vendor's round trip: widens any race
        with self.lock:
            self.log.extend((self.name, user_id, m.text) for m in messages)


def test_two_workers_never_send_the_same_row(pg_engine: Engine) -> None:
    with Session(pg_engine) as s:
        for c in range(CONVERSATIONS):
            get_or_create_conversation(s, "telegram", str(c))
        for i in range(PER_CONVERSATION):
            for c in range(CONVERSATIONS):
                msg = OutgoingMessage(text=f"{c}:{i}")
                outbox.stage(s, f"telegram:{c}", [msg], cause="test", key=f"{c}-{i}")
        s.commit()
    log: list[tuple[str, str, str]] = []
    lock = threading.Lock()

    def work(name: str) -> None:
        outbound = Outbound(pg_engine)
        outbound.register("telegram", SlowSender(log, lock, name))
        worker = OutboxWorker(pg_engine, outbound, batch=5)

        async def drain() -> None:
            idle = 0
            while idle < 3:  # rows of a conversation wait for its earlier ones
                idle = idle + 1 if await worker.send_due() == 0 else 0
                await asyncio.sleep(0.01)

        asyncio.run(drain())

    threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    texts = [t for _, _, t in log]
    total = CONVERSATIONS * PER_CONVERSATION
    assert len(texts) == total and len(set(texts)) == total  # each once, none twice
    for c in range(CONVERSATIONS):
        mine = [t for _, user, t in log if user == str(c)]
        assert mine == [f"{c}:{i}" for i in range(PER_CONVERSATION)]  # in order
    by_worker = {n: sum(1 for w, _, _ in log if w == n) for n in ("a", "b")}
    assert by_worker["a"] > 0 and by_worker["b"] > 0, by_worker  # both worked
    with Session(pg_engine) as s:
        assert {r.status for r in s.exec(select(OutboxMessage)).all()} == {"sent"}
        assert outbox.stats(s) == (0, 0)
