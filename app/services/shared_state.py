"""State the app's processes share: per-key locks, delivery ids seen, long button payloads,
and publish/subscribe of small events.

Two implementations behind one interface (:class:`SharedState`):

- :class:`MemoryState` (default): one process; what the app did before.
- :class:`RedisState` (``HALO_REDIS_URL=redis://host:6379/0``): several app instances on one
  Redis. Locks are Redis locks with an expiry (a crashed holder frees its key after
  ``lock_timeout_s``); seen ids and payloads are keys with a time to live.

:func:`build_state` picks one from the settings.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from app.config import Settings

SEEN_TTL_S = 24 * 3600
PAYLOAD_TTL_S = 7 * 24 * 3600
MEMORY_SIZE = 10_000


class SharedState(Protocol):
    def lock(self, key: str) -> AbstractAsyncContextManager[Any]:
        """``async with state.lock(key):`` one holder at a time, in every process."""
        ...

    async def first_time(self, key: str, ttl_s: int = SEEN_TTL_S) -> bool:
        """True (and remembered) for a key not seen yet; False for a repeat."""
        ...

    async def put(self, key: str, value: str, ttl_s: int = PAYLOAD_TTL_S) -> None: ...

    async def get(self, key: str) -> str | None: ...

    async def publish(self, channel: str, event: dict[str, Any]) -> None: ...

    def subscribe(self, channel: str) -> AsyncIterator[dict[str, Any]]: ...

    async def aclose(self) -> None: ...


class MemoryState:
    """One process: asyncio locks, bounded dictionaries, in-process fan-out."""

    def __init__(self, size: int = MEMORY_SIZE) -> None:
        self.size = size
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._values: OrderedDict[str, str] = OrderedDict()
        self._subscribers: dict[str, set[asyncio.Queue[dict[str, Any]]]] = {}

    def lock(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def first_time(self, key: str, ttl_s: int = SEEN_TTL_S) -> bool:
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return True

    async def put(self, key: str, value: str, ttl_s: int = PAYLOAD_TTL_S) -> None:
        self._values[key] = value
        self._values.move_to_end(key)
        if len(self._values) > self.size:
            self._values.popitem(last=False)

    async def get(self, key: str) -> str | None:
        return self._values.get(key)

    async def publish(self, channel: str, event: dict[str, Any]) -> None:
        for queue in list(self._subscribers.get(channel, ())):
            queue.put_nowait(event)

    async def subscribe(self, channel: str) -> AsyncIterator[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._subscribers.setdefault(channel, set()).add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._subscribers[channel].discard(queue)

    async def aclose(self) -> None:
        return None


class RedisState:
    """Several processes on one Redis (redis-py's asyncio client)."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "halo:",
        lock_timeout_s: float = 120.0,
        lock_wait_s: float = 60.0,
    ) -> None:
        from redis.asyncio import Redis

        self.redis = Redis.from_url(url, decode_responses=True)
        self.prefix = prefix
        self.lock_timeout_s = lock_timeout_s
        self.lock_wait_s = lock_wait_s

    def lock(self, key: str) -> AbstractAsyncContextManager[Any]:
        return self.redis.lock(
            f"{self.prefix}lock:{key}",
            timeout=self.lock_timeout_s,
            blocking_timeout=self.lock_wait_s,
            sleep=0.01,
        )

    async def first_time(self, key: str, ttl_s: int = SEEN_TTL_S) -> bool:
        return bool(await self.redis.set(f"{self.prefix}seen:{key}", "1", nx=True, ex=ttl_s))

    async def put(self, key: str, value: str, ttl_s: int = PAYLOAD_TTL_S) -> None:
        await self.redis.set(f"{self.prefix}value:{key}", value, ex=ttl_s)

    async def get(self, key: str) -> str | None:
        value = await self.redis.get(f"{self.prefix}value:{key}")
        return None if value is None else str(value)

    async def publish(self, channel: str, event: dict[str, Any]) -> None:
        await self.redis.publish(f"{self.prefix}{channel}", json.dumps(event, ensure_ascii=False))

    async def subscribe(self, channel: str) -> AsyncIterator[dict[str, Any]]:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(f"{self.prefix}{channel}")
        try:
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    yield json.loads(message["data"])
        finally:
            await pubsub.unsubscribe()
            await pubsub.aclose()

    async def aclose(self) -> None:
        await self.redis.aclose()


def build_state(settings: Settings) -> SharedState:
    """Redis when ``redis_url`` is set, else this process's memory."""
    if settings.redis_url:
        return RedisState(settings.redis_url)
    return MemoryState()


def conversation_key(conversation_id: str) -> str:
    """The lock key of a conversation (ConversationService.lock, the outbox worker)."""
    return f"conv:{conversation_id}"


class ConversationLocks:
    """``lock(conversation_id)`` on a shared state, for a process without a
    ConversationService (python -m app.workers.outbox --replay)."""

    def __init__(self, state: SharedState) -> None:
        self.state = state

    def lock(self, conversation_id: str) -> AbstractAsyncContextManager[Any]:
        return self.state.lock(conversation_key(conversation_id))
