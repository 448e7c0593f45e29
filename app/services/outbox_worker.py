"""The outbox worker: sends due outbox rows (retries with backoff, dead letters) and
replays the turns kept while Rasa was down once Rasa is ready again.

Runs as an asyncio task in every app process (``create_app``'s lifespan) and, for a
deployment that wants delivery apart from the web processes, as ``python -m
app.workers.outbox``. Several workers may run at once: a row is claimed by one only
(:func:`app.services.outbox.claim`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import observability
from app.config import Settings
from app.services import outbox, replay
from app.services.outbound import Outbound

log = logging.getLogger(__name__)


class ReadyRasa(replay.Rasa, Protocol):
    async def status(self) -> dict[str, Any]: ...


class Locks(Protocol):
    def lock(self, conversation_id: str) -> AbstractAsyncContextManager[Any]: ...


class OutboxWorker:
    def __init__(
        self,
        engine: Engine,
        outbound: Outbound,
        *,
        rasa: ReadyRasa | None = None,
        locks: Locks | None = None,
        interval_s: float = 2.0,
        batch: int = 50,
    ) -> None:
        self.engine = engine
        self.outbound = outbound
        self.rasa = rasa  # None: no replay of kept turns from this worker
        self.locks = locks
        self.interval_s = interval_s
        self.batch = batch

    async def send_due(self) -> int:
        """One round: claim due rows and send them. Returns how many the channels took."""
        sent = 0
        while True:  # until a round sends nothing (a failed row waits for its backoff)
            rows = await asyncio.to_thread(
                outbox.claim, self.engine, limit=self.batch, policy=self.outbound.policy
            )
            progress = 0
            for row in rows:
                if await outbox.deliver(
                    self.engine, self.outbound.senders, row, policy=self.outbound.policy
                ):
                    progress += 1
            sent += progress
            if not progress:
                return sent

    async def rasa_ready(self) -> bool:
        if self.rasa is None:
            return False
        try:
            await self.rasa.status()
        except Exception:
            return False
        return True

    async def replay_kept(self) -> int:
        """Replay kept turns, conversation by conversation, if Rasa is ready."""
        if self.rasa is None:
            return 0
        waiting = await asyncio.to_thread(replay.waiting_conversations, self.engine)
        if not waiting or not await self.rasa_ready():
            return 0
        done = 0
        for conversation_id in waiting:
            lock = self.locks.lock(conversation_id) if self.locks else contextlib.nullcontext()
            async with lock:
                done += await replay.replay(self.engine, self.rasa, self.outbound, conversation_id)
        return done

    async def run_once(self) -> tuple[int, int]:
        replayed = await self.replay_kept()
        sent = await self.send_due()
        depth, _dead = await asyncio.to_thread(self.stats)
        observability.outbox_depth(depth)  # halo_outbox_depth
        return sent, replayed

    def stats(self) -> tuple[int, int]:
        with Session(self.engine) as session:
            return outbox.stats(session)

    async def run(self) -> None:
        while True:
            self.outbound.wake.clear()
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.outbound.wake.wait(), timeout=self.interval_s)


def policy(settings: Settings) -> outbox.Policy:
    return outbox.Policy(
        max_attempts=settings.outbox_max_attempts, backoff_base_s=settings.outbox_backoff_s
    )


def start(
    engine: Engine,
    outbound: Outbound,
    settings: Settings,
    *,
    rasa: ReadyRasa | None = None,
    locks: Locks | None = None,
) -> asyncio.Task[None] | None:
    """The worker as a task of the app process (None when ``outbox_interval_s`` is 0:
    the deployment runs ``python -m app.workers.outbox`` instead)."""
    if settings.outbox_interval_s <= 0:
        return None
    worker = OutboxWorker(
        engine, outbound, rasa=rasa, locks=locks, interval_s=settings.outbox_interval_s
    )
    return asyncio.create_task(worker.run())
