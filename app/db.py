"""Database engine, sessions and migrations (Alembic, applied on start-up)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from app.config import Settings

T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(settings: Settings) -> Engine:
    url = settings.sqlalchemy_url
    if url.startswith("sqlite"):
        settings.runtime_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL syncs at checkpoints, not on every commit: a commit survives
            # a crash of the app; a power cut may lose the last commits but never corrupts
            # the file (Rasa's SQLite tracker store does the same: bot/speedups.py). FULL
            # cost a turn an fsync per commit (0.2 ms at the median, 4 ms one in ten here).
            # The production profile is on PostgreSQL, which this does not touch.
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision of every branch."""
    cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def hold_write_lock(session: Session) -> None:
    """Make the session's transaction hold the database's write lock from here on.

    On SQLite a writer that has read first may find, on its first write, that another
    writer committed meanwhile (``SQLITE_BUSY``, which the busy timeout does not wait out);
    so the transaction starts with ``BEGIN IMMEDIATE`` and concurrent writers queue for the
    lock instead of failing half-way. Nothing to do when the connection is already in a
    transaction: the driver only begins one for a write (or this function did), so the
    lock is held. On PostgreSQL a plain transaction (its constraints and locks do the
    work). Raises ``OperationalError`` when SQLite's lock is not obtained in time."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    if not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


async def in_session(engine: Engine, work: Callable[[Session], T]) -> T:
    """``work(session)`` in a worker thread with a session of its own, for async code:
    blocking database calls never run on the event loop (a contended SQLite write can wait
    up to its 30 s busy timeout, and every channel and the console share the loop). The
    work commits itself if it writes; errors it raises reach the caller."""

    def run() -> T:
        with Session(engine) as session:
            return work(session)

    return await asyncio.to_thread(run)
