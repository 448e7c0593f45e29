"""Ticket numbers under concurrency, on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine, migrate
from app.services import complaints as svc

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
WORKERS = 8
PER_WORKER = 6


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(Settings(environment="test", runtime_dir=tmp_path))
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def pg_engine(tmp_path: Path) -> Iterator[Engine]:
    name = f"halo_t_{uuid.uuid4().hex}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # pragma: no cover - no server on this machine
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable: {error}")
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    eng = make_engine(Settings(environment="test", runtime_dir=tmp_path, database_url=url))
    try:
        migrate(eng)
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _file_many(engine: Engine) -> list[str]:
    codes: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []
    barrier = threading.Barrier(WORKERS)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(PER_WORKER):
                with Session(engine) as s:
                    c = svc.create_complaint(
                        s,
                        svc.ComplaintDraft(
                            category="sampah",
                            description=f"Sampah menumpuk nomor {n}-{i}",
                            place=svc.place_from_point(-6.99, 110.41),
                        ),
                        secret_key="k",
                    )
                    with lock:
                        codes.append(c.ticket_code)
        except BaseException as error:  # collected and re-raised in the test thread
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return codes


def _check(codes: list[str]) -> None:
    year = svc.year_now()
    assert len(codes) == WORKERS * PER_WORKER
    assert len(set(codes)) == len(codes), "two tickets got the same number"
    expected = {f"LPR-{year}-{n:06d}" for n in range(1, WORKERS * PER_WORKER + 1)}
    assert set(codes) == expected


def test_concurrent_numbers_sqlite(sqlite_engine: Engine) -> None:
    _check(_file_many(sqlite_engine))


def test_concurrent_numbers_postgresql(pg_engine: Engine) -> None:
    assert pg_engine.dialect.name == "postgresql"
    _check(_file_many(pg_engine))


def test_idempotency_race_postgresql(pg_engine: Engine) -> None:
    """Two deliveries of the same filing at the same moment give one ticket."""
    results: list[str] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        with Session(pg_engine) as s:
            c = svc.create_complaint(
                s,
                svc.ComplaintDraft(
                    category="sampah",
                    description="Sampah menumpuk di depan pasar",
                    place=svc.place_from_point(-6.99, 110.41),
                ),
                secret_key="k",
                idempotency_key="telegram:1:msg-77",
            )
            results.append(c.ticket_code)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and len(set(results)) == 1
    with Session(pg_engine) as s:
        assert len(svc.list_complaints(s, svc.ComplaintFilters())) == 1
