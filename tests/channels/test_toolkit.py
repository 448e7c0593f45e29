"""The channel toolkit every messaging adapter shares (channels/toolkit.py)."""

from __future__ import annotations

import asyncio
import uuid
from types import SimpleNamespace

import pytest

from app.services.shared_state import MemoryState, RedisState
from channels.toolkit import Backoff, KeyedLocks, PayloadStore, SeenIds, stores_for


def test_seen_ids_answer_a_redelivery_once_and_stay_bounded() -> None:
    seen = SeenIds(size=2)
    assert [seen.first_time(k) for k in ("a", "a", "b", "c")] == [True, False, True, True]
    assert seen.first_time("a") is True  # forgotten: only the last two are kept


def test_payload_store_keeps_short_payloads_and_keys_long_ones() -> None:
    store = PayloadStore(size=1)
    assert store.key_for("/greet", fits=True) == "/greet"
    long = '/book{"facility": "aula_kelurahan_sukamaju", "date": "2026-12-24"}'
    key = store.key_for(long, fits=False)
    assert key.startswith("#") and len(key) == 25 and store.resolve(key) == long
    assert store.key_for(long, fits=False) == key
    other = store.key_for(long + " ", fits=False)
    assert store.resolve(key) == key  # pushed out by the newer one
    assert store.resolve(other) == long + " "


def test_backoff_doubles_and_honours_retry_after_within_its_cap() -> None:
    backoff = Backoff(attempts=3, base_delay_s=0.5, max_delay_s=1.5)
    assert [backoff.delay(n) for n in (1, 2, 3)] == [0.5, 1.0, 1.5]
    assert backoff.delay(1, "1") == 1.0
    assert backoff.delay(1, "60") == 1.5
    assert backoff.delay(2, "soon") == 1.0
    assert [backoff.gives_up(n) for n in (2, 3)] == [False, True]


async def test_keyed_locks_serialise_one_key_and_not_others() -> None:
    locks = KeyedLocks()
    order: list[str] = []

    async def turn(key: str, name: str, pause: float) -> None:
        async with locks.hold(key):
            order.append(f"{name} in")
            await asyncio.sleep(pause)
            order.append(f"{name} out")

    await asyncio.gather(turn("chat1", "a", 0.05), turn("chat1", "b", 0), turn("chat2", "c", 0))
    assert order.index("a out") < order.index("b in")
    assert order.index("c in") < order.index("a out")


async def test_stores_on_the_shared_state_serve_two_instances() -> None:
    """Two adapters (two app instances) on one Redis: a delivery is taken once, a long
    payload keyed by one resolves on the other, one user's turns never overlap."""
    prefix = f"halo-test-{uuid.uuid4().hex}:"
    states = [RedisState("redis://127.0.0.1:6379/15", prefix=prefix) for _ in range(2)]
    try:
        await states[0].redis.ping()
    except Exception as error:  # pragma: no cover - no server here
        pytest.skip(f"Redis not reachable: {error}")
    a = stores_for(SimpleNamespace(state=states[0]), "telegram")
    b = stores_for(SimpleNamespace(state=states[1]), "telegram")
    try:
        assert await a[0].first_time_shared(1001)
        assert not await b[0].first_time_shared(1001)
        long = '/book{"facility": "aula_kelurahan_sukamaju", "date": "2026-12-24"}'
        key = a[1].key_for(long, fits=False)
        await asyncio.gather(*a[1]._writes)
        assert await b[1].resolve_shared(key) == long
        assert await b[1].resolve_shared("/greet") == "/greet"
        inside, overlaps = 0, 0

        async def turn(locks: KeyedLocks) -> None:
            nonlocal inside, overlaps
            async with locks.hold(42):
                inside += 1
                overlaps += inside > 1
                await asyncio.sleep(0.01)
                inside -= 1

        await asyncio.gather(*(turn(s[2]) for s in (a, b, a, b)))
        assert overlaps == 0
    finally:
        keys = [k async for k in states[0].redis.scan_iter(f"{prefix}*")]
        if keys:
            await states[0].redis.delete(*keys)
        for state in states:
            await state.aclose()


def test_without_a_state_the_stores_stay_in_this_process() -> None:
    seen, payloads, locks = stores_for(object(), "whatsapp")
    assert seen.state is None and payloads.state is None and locks.state is None


async def test_stores_on_the_apps_memory_state() -> None:
    """The app's default state (one process): the same answers as the plain stores."""
    seen, payloads, locks = stores_for(SimpleNamespace(state=MemoryState()), "telegram")
    assert [await seen.first_time_shared(k) for k in (1, 1, 2)] == [True, False, True]
    long = "/x" + "y" * 100
    key = payloads.key_for(long, fits=False)
    assert await payloads.resolve_shared(key) == long
    async with locks.hold(7):
        pass
