"""Shared state (app/services/shared_state.py) in memory and on the real local Redis
(127.0.0.1:6379; each test on its own key prefix). Two RedisState objects stand for two
app instances."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.rasa_client import RasaClient
from app.ratelimit import RateLimits
from app.services import handoff_hub
from app.services.conversations import ConversationService
from app.services.handoff_hub import Hub
from app.services.shared_state import MemoryState, RedisState, SharedState, build_state
from core.message import IncomingMessage
from tests.fakes.rasa_http import FakeRasa, free_port

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(params=["memory", "redis"])
async def instances(request: pytest.FixtureRequest) -> AsyncIterator[Callable[[], SharedState]]:
    """A factory of 'instances' sharing one state."""
    if request.param == "memory":
        shared = MemoryState()
        yield lambda: shared
        return
    prefix = f"halo-test-{uuid.uuid4().hex}:"
    made: list[RedisState] = []

    def make() -> SharedState:
        state = RedisState(REDIS_URL, prefix=prefix, lock_timeout_s=5.0, lock_wait_s=5.0)
        made.append(state)
        return state

    try:
        await make().redis.ping()  # type: ignore[attr-defined]
    except Exception as error:  # pragma: no cover - no server here
        pytest.skip(f"Redis not reachable: {error}")
    yield make
    keys = [k async for k in made[0].redis.scan_iter(f"{prefix}*")]
    if keys:
        await made[0].redis.delete(*keys)
    for state in made:
        await state.aclose()


async def test_a_lock_is_held_by_one_instance_at_a_time(instances):
    a, b = instances(), instances()
    inside, overlaps, order = 0, 0, []

    async def turn(state: SharedState, n: int) -> None:
        nonlocal inside, overlaps
        async with state.lock("conv:telegram:1"):
            inside += 1
            overlaps += inside > 1
            await asyncio.sleep(0.01)
            order.append(n)
            inside -= 1

    await asyncio.gather(*(turn(a if n % 2 else b, n) for n in range(10)))
    assert overlaps == 0 and sorted(order) == list(range(10))
    async with a.lock("conv:telegram:1"), b.lock("conv:telegram:2"):  # other keys: free
        pass


async def test_dedupe_and_payloads_are_shared(instances):
    a, b = instances(), instances()
    assert await a.first_time("telegram:update:7")
    assert not await b.first_time("telegram:update:7")
    assert await b.first_time("telegram:update:8")
    await a.put("payload:#abc", '/choose{"facility_id": "gor-1"}')
    assert await b.get("payload:#abc") == '/choose{"facility_id": "gor-1"}'
    assert await b.get("payload:#none") is None


async def test_events_published_on_one_instance_reach_the_other(instances):
    a, b = instances(), instances()
    stream = b.subscribe("console")
    first = asyncio.ensure_future(stream.__anext__())
    for _ in range(50):  # until the subscription is in place
        await a.publish("console", {"type": "queue"})
        done, _ = await asyncio.wait({first}, timeout=0.05)
        if done:
            break
    assert first.result() == {"type": "queue"}
    await stream.aclose()


async def test_a_crashed_holder_frees_its_redis_lock():
    state = RedisState(REDIS_URL, prefix=f"halo-test-{uuid.uuid4().hex}:", lock_timeout_s=0.3)
    try:
        await state.redis.ping()
    except Exception as error:  # pragma: no cover
        pytest.skip(f"Redis not reachable: {error}")
    crashed = state.redis.lock(f"{state.prefix}lock:conv:x", timeout=0.3)
    assert await crashed.acquire()  # never released
    other = RedisState(REDIS_URL, prefix=state.prefix, lock_wait_s=3.0)
    async with other.lock("conv:x"):
        pass  # taken once the first expired
    await other.aclose()
    await state.aclose()


def test_settings_choose_the_state(tmp_path):
    memory = build_state(Settings(environment="test", runtime_dir=tmp_path))
    assert isinstance(memory, MemoryState)
    redis = build_state(Settings(environment="test", runtime_dir=tmp_path, redis_url=REDIS_URL))
    assert isinstance(redis, RedisState)


@pytest.mark.parametrize("shared", [False, True])
async def test_two_app_instances_take_a_conversations_turns_one_at_a_time(engine, shared):
    """Two ConversationServices (two app instances) on one database, a citizen's messages
    arriving at both: with the locks on Redis, Rasa never gets two turns of one
    conversation at once; with each instance's own memory it does (the control)."""
    fake = FakeRasa(free_port(), delay_s=0.05)
    fake.start()
    prefix = f"halo-test-{uuid.uuid4().hex}:"
    services, states = [], []
    for _ in range(2):
        rasa = RasaClient(f"http://127.0.0.1:{fake.port}", timeout_s=10.0)
        service = ConversationService(engine, rasa, secret_key="k" * 32)
        state = RedisState(REDIS_URL, prefix=prefix) if shared else MemoryState()
        service.state = state
        services.append(service)
        states.append(state)
    try:
        msgs = [
            IncomingMessage(channel="telegram", user_id="77", message_id=str(n), text=f"m{n}")
            for n in range(8)
        ]
        await asyncio.gather(*(services[n % 2].handle(m) for n, m in enumerate(msgs)))
        assert len(fake.received) == 8
        assert (fake.overlaps == 0) is shared
    finally:
        fake.stop()
        for service, state in zip(services, states, strict=True):
            await service.rasa.aclose()
            await state.aclose()


async def test_console_events_reach_officers_on_another_instance():
    """Two app instances' hubs on one Redis: an event published on one (also from a worker
    thread, as the action endpoint does) reaches the other's console sockets, and its own
    sockets once (not again through Redis)."""
    prefix = f"halo-test-{uuid.uuid4().hex}:"
    states = [RedisState(REDIS_URL, prefix=prefix) for _ in range(2)]
    try:
        await states[0].redis.ping()
    except Exception as error:  # pragma: no cover
        pytest.skip(f"Redis not reachable: {error}")
    hubs = [Hub(), Hub()]
    relays = [hub.share(state) for hub, state in zip(hubs, states, strict=True)]
    mine, theirs = hubs[0].subscribe(staff_id=1), hubs[1].subscribe(staff_id=2)
    try:
        for _ in range(50):  # until the other instance's subscription is in place
            hubs[0].publish({"type": "queue"})
            try:
                got = await asyncio.wait_for(theirs.get(), timeout=0.05)
                break
            except TimeoutError:
                continue
        assert got == {"type": "queue"}
        while not mine.empty():
            mine.get_nowait()
        while not theirs.empty():
            theirs.get_nowait()
        await asyncio.to_thread(hubs[0].publish, {"type": "request", "request_id": 5})
        assert await asyncio.wait_for(theirs.get(), 2) == {"type": "request", "request_id": 5}
        assert await asyncio.wait_for(mine.get(), 2) == {"type": "request", "request_id": 5}
        await asyncio.sleep(0.2)
        assert mine.empty() and theirs.empty()  # once each
    finally:
        for task in relays:
            task.cancel()
        await asyncio.gather(*relays, return_exceptions=True)
        for state in states:
            await state.aclose()


def test_the_app_runs_on_redis(tmp_path):
    """create_app with HALO_REDIS_URL: a web turn under the Redis conversation lock, the
    console relay started and stopped with the app."""
    fake = FakeRasa(free_port())
    fake.start()
    settings = Settings(
        environment="test",
        runtime_dir=tmp_path,
        rasa_url=f"http://127.0.0.1:{fake.port}",
        redis_url=REDIS_URL,
        booking_reminder_interval_s=0,
        privacy_purge_interval_s=0,
        stt_preload=False,
    )
    try:
        with TestClient(create_app(settings)) as client:
            state = client.app.state.ctx.conversations.state  # type: ignore[attr-defined]
            assert isinstance(state, RedisState)
            body = client.post("/api/chat", json={"text": "halo"}).json()
            assert [m["text"] for m in body["messages"]] == ["jawab: halo"]
    finally:
        fake.stop()


def test_rate_limits_count_on_the_shared_redis(tmp_path):
    """HALO_REDIS_URL alone: the rate limits (app/ratelimit.py) of two instances count on
    Redis together."""
    settings = Settings(environment="test", runtime_dir=tmp_path, redis_url=REDIS_URL)
    assert settings.rate_limit_storage == REDIS_URL
    own = Settings(
        environment="test",
        runtime_dir=tmp_path,
        redis_url=REDIS_URL,
        rate_limit_storage="memory://x",
    )
    assert own.rate_limit_storage == "memory://x"
    a, b = RateLimits(settings.rate_limit_storage), RateLimits(settings.rate_limit_storage)
    key = uuid.uuid4().hex
    assert [a.allow("2/minute", "test", key), b.allow("2/minute", "test", key)] == [True, True]
    assert not a.allow("2/minute", "test", key) and not b.allow("2/minute", "test", key)


async def test_officers_online_on_any_instance(monkeypatch):
    """The supervisor's overview counts an officer online whose console is open on another
    instance; closing it counts them off there too."""
    monkeypatch.setattr(handoff_hub, "PRESENCE_EVERY_S", 0.05)
    prefix = f"halo-test-{uuid.uuid4().hex}:"
    states = [RedisState(REDIS_URL, prefix=prefix) for _ in range(2)]
    try:
        await states[0].redis.ping()
    except Exception as error:  # pragma: no cover
        pytest.skip(f"Redis not reachable: {error}")
    hubs = [Hub(), Hub()]
    tasks = [hub.share(state) for hub, state in zip(hubs, states, strict=True)]

    async def until(check) -> bool:
        for _ in range(100):
            if check():
                return True
            await asyncio.sleep(0.02)
        return False

    try:
        q1 = hubs[0].subscribe(staff_id=1)
        hubs[1].subscribe(staff_id=2)
        assert await until(lambda: hubs[0].online() == hubs[1].online() == {1, 2})
        hubs[0].unsubscribe(1, q1)
        assert await until(lambda: hubs[1].online() == {2})
        assert hubs[0].online() == {2}
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for state in states:
            await state.aclose()
