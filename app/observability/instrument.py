"""Wiring the app's parts to its metrics without those parts knowing: the database engine
(SQLAlchemy events), the conversation service's turns, the speech engines. Called once by
``app.main`` when the app starts; each wrapper is an instance attribute of that app's object,
so two apps never share one."""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.observability.context import add_stage_time, bind_metrics, count_error
from app.observability.metrics import Metrics

_STARTED = "halo_query_started"


def instrument_engine(engine: Engine, metrics: Metrics) -> None:
    """Every SQL statement and commit on ``engine``:
    ``halo_stage_duration_seconds{stage="database"}`` and the current request's
    ``database`` total."""

    def before(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        conn.info.setdefault(_STARTED, []).append(time.perf_counter())

    def after(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        started = conn.info.get(_STARTED)
        if not started:
            return
        elapsed = time.perf_counter() - started.pop()
        metrics.observe_stage("database", elapsed)
        add_stage_time("database", elapsed)

    def failed(context: Any) -> None:
        conn = getattr(context, "connection", None)
        if conn is not None and conn.info.get(_STARTED):
            conn.info[_STARTED].pop()
        metrics.count_error(type(context.original_exception).__name__)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    event.listen(engine, "handle_error", failed)
    # commits (SQLite's fsync, PostgreSQL's round trip) have no "after" event: the engine's
    # own dialect object's do_commit is timed instead
    dialect = engine.dialect
    do_commit = dialect.do_commit

    def timed_commit(dbapi_connection: Any) -> None:
        start = time.perf_counter()
        try:
            do_commit(dbapi_connection)
        finally:
            elapsed = time.perf_counter() - start
            metrics.observe_stage("database", elapsed)
            add_stage_time("database", elapsed)

    dialect.do_commit = timed_commit  # type: ignore[method-assign]


def time_method(obj: Any, name: str, stage: str, metrics: Metrics) -> None:
    """Replace the async method ``obj.name`` by one timed as ``stage`` (errors counted)."""
    original: Callable[..., Awaitable[Any]] | None = getattr(obj, name, None)
    if original is None:
        return

    @functools.wraps(original)
    async def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return await original(*args, **kwargs)
        except Exception as error:
            count_error(error)
            raise
        finally:
            elapsed = time.perf_counter() - start
            metrics.observe_stage(stage, elapsed)
            add_stage_time(stage, elapsed)

    setattr(obj, name, timed)


def instrument_turns(conversations: Any, metrics: Metrics) -> None:
    """``ConversationService.handle`` of this app counted and timed by channel."""
    original: Callable[..., Awaitable[Any]] = conversations.handle

    @functools.wraps(original)
    async def handle(msg: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return await original(msg, *args, **kwargs)
        finally:
            channel = str(getattr(msg, "channel", "") or "unknown")
            metrics.observe_turn(channel, time.perf_counter() - start)

    conversations.handle = handle


def instrument_app(
    metrics: Metrics,
    *,
    engine: Engine | None = None,
    conversations: Any = None,
    stt: Any = None,
    tts: Any = None,
    handoff_queue: Callable[[], float] | None = None,
) -> None:
    """Everything at once, from the app's start-up (parts it lacks are left out). Also binds
    ``metrics`` in the calling context, so the tasks the start-up creates afterwards (the
    outbox worker, channel polling, reminders) record to this app's metrics."""
    bind_metrics(metrics)
    if engine is not None:
        instrument_engine(engine, metrics)
    if conversations is not None:
        instrument_turns(conversations, metrics)
    if stt is not None:
        time_method(stt, "transcribe", "stt", metrics)
    if tts is not None:
        time_method(tts, "synthesize", "tts", metrics)
    if handoff_queue is not None:
        metrics.track_handoff_queue(handoff_queue)
