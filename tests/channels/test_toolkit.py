"""The channel toolkit every messaging adapter shares (channels/toolkit.py)."""

from __future__ import annotations

import asyncio

from channels.toolkit import Backoff, KeyedLocks, PayloadStore, SeenIds


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
