"""/metrics after a turn (a fake Rasa over HTTP), the door of /metrics, one registry per
app, request ids echoed and forwarded to Rasa, handoffs and the queue length counted."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.services import handoff as hs
from tests.fakes.rasa_mock import FakeRasa

TOKEN = "metrics-token-0123456789"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def _rasa_client(client: TestClient):  # the app's RasaClient, wherever the app keeps it
    state = client.app.state
    ctx = getattr(state, "ctx", None)
    return ctx.rasa if ctx is not None else state.rasa


def start(runtime: Path, **overrides: object) -> tuple[TestClient, FakeRasa]:
    fields: dict[str, object] = {
        "environment": "test",
        "runtime_dir": runtime,
        "rasa_url": "http://rasa.test",
        "handoff_always_open": True,
        "metrics_token": TOKEN,
        "stt_preload": False,
        **overrides,
    }
    settings = Settings(**fields)  # type: ignore[arg-type]
    client = TestClient(create_app(settings))
    client.__enter__()
    rasa = FakeRasa()
    seen: list[httpx.Request] = []

    async def transport(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return await rasa(request)

    rasa.seen = seen  # type: ignore[attr-defined]
    _rasa_client(client)._http = httpx.AsyncClient(
        base_url="http://rasa.test", transport=httpx.MockTransport(transport)
    )
    return client, rasa


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[TestClient, FakeRasa]]:
    client, rasa = start(tmp_path)
    yield client, rasa
    client.__exit__(None, None, None)


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample in Prometheus' text format (labels in any order)."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        series, value = line.rsplit(" ", 1)
        got_name, _, rest = series.partition("{")
        got = dict(re.findall(r'(\w+)="([^"]*)"', rest))
        if got_name == name and got == labels:
            return float(value)
    return None


def test_a_turn_shows_in_metrics_by_channel_and_stage(app) -> None:
    client, _ = app
    resp = client.post("/api/chat", json={"text": "halo"})
    assert resp.status_code == 200
    text = client.get("/metrics", headers=AUTH).text
    assert sample(text, "halo_turns_total", channel="web") == 1
    assert sample(text, "halo_turn_duration_seconds_count", channel="web") == 1
    assert sample(text, "halo_stage_duration_seconds_count", stage="rasa") == 1
    assert (sample(text, "halo_stage_duration_seconds_count", stage="database") or 0) > 0
    assert (
        sample(text, "halo_http_requests_total", route="/api/chat", method="POST", status="200")
        == 1
    )
    assert sample(text, "halo_outbox_depth") == 0
    assert "halo_outbox_failures_total" in text and "process_resident_memory_bytes" in text


def test_the_request_id_is_echoed_and_forwarded_to_rasa(app) -> None:
    client, rasa = app
    resp = client.post("/api/chat", json={"text": "halo"}, headers={"X-Request-ID": "turn-42"})
    assert resp.headers["x-request-id"] == "turn-42"
    [webhook] = [r for r in rasa.seen if r.url.path == "/webhooks/halo/webhook"]
    assert webhook.headers["x-request-id"] == "turn-42"
    assert json.loads(webhook.content)["metadata"]["request_id"] == "turn-42"
    # an id that is not a plain token is replaced (ids go into log lines)
    resp = client.post(
        "/api/chat",
        json={"text": "halo", "session_id": resp.json()["session_id"]},
        headers={"X-Request-ID": "bad id\nforged"},
    )
    fresh = resp.headers["x-request-id"]
    assert fresh != "bad id\nforged" and "\n" not in fresh and len(fresh) >= 8


def test_rasa_down_is_counted_as_an_error(app) -> None:
    client, rasa = app
    rasa.fail_turns = True

    async def down(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502)

    _rasa_client(client)._http = httpx.AsyncClient(
        base_url="http://rasa.test", transport=httpx.MockTransport(down)
    )
    assert client.post("/api/chat", json={"text": "halo"}).status_code == 200
    text = client.get("/metrics", headers=AUTH).text
    assert sample(text, "halo_errors_total", error="AssistantUnavailable") == 1


def test_handoffs_and_the_queue_length(app) -> None:
    client, rasa = app
    state = client.app.state
    ctx = getattr(state, "ctx", None)

    def on_message(body: dict) -> None:
        hs.request_handoff(
            ctx.engine if ctx else state.engine,
            body["sender"],
            "request_human",
            {},
            always_open=True,
        )

    rasa.on_message = on_message
    client.post("/api/chat", json={"text": "saya mau bicara dengan petugas"})
    text = client.get("/metrics", headers=AUTH).text
    assert sample(text, "halo_handoffs_total", reason="request_human") == 1
    assert sample(text, "halo_handoff_queue_length") == 1


def test_metrics_door(tmp_path: Path) -> None:
    client, _ = start(tmp_path / "a")
    try:
        assert client.get("/metrics").status_code == 403
        assert client.get("/metrics", headers={"authorization": "Bearer wrong"}).status_code == 403
        assert client.get("/metrics", headers=AUTH).status_code == 200
    finally:
        client.__exit__(None, None, None)
    # no token: loopback callers only (the test client is not one), nobody in production
    client, _ = start(tmp_path / "b", metrics_token="")
    try:
        assert client.get("/metrics").status_code == 403
    finally:
        client.__exit__(None, None, None)
    local = TestClient(create_app(Settings(environment="test", runtime_dir=tmp_path / "c")))
    local.__enter__()
    try:
        local_client = TestClient(local.app, client=("127.0.0.1", 5000))
        assert local_client.get("/metrics").status_code == 200
    finally:
        local.__exit__(None, None, None)


def test_two_apps_count_apart(tmp_path: Path) -> None:
    one, _ = start(tmp_path / "one")
    two, _ = start(tmp_path / "two")
    try:
        one.post("/api/chat", json={"text": "halo"})
        one.post("/api/chat", json={"text": "halo"})
        two.post("/api/chat", json={"text": "halo"})
        assert (
            sample(one.get("/metrics", headers=AUTH).text, "halo_turns_total", channel="web") == 2
        )
        assert (
            sample(two.get("/metrics", headers=AUTH).text, "halo_turns_total", channel="web") == 1
        )
        assert one.app.state.metrics.registry is not two.app.state.metrics.registry
    finally:
        one.__exit__(None, None, None)
        two.__exit__(None, None, None)


def test_no_token_in_production_means_nobody() -> None:
    from types import SimpleNamespace

    from app.api.metrics import allowed

    local = SimpleNamespace(client=SimpleNamespace(host="127.0.0.1"), headers={})
    prod = SimpleNamespace(metrics_token="", environment="production")
    dev = SimpleNamespace(metrics_token="", environment="development")
    assert not allowed(prod, local)  # type: ignore[arg-type]
    assert allowed(dev, local)  # type: ignore[arg-type]


def test_tasks_started_after_the_wiring_record_to_the_apps_metrics() -> None:
    import asyncio

    from app.observability import current_metrics, outbox_depth, outbox_failed
    from app.observability.instrument import instrument_app
    from app.observability.metrics import Metrics

    metrics = Metrics(process=False)

    async def startup() -> None:
        instrument_app(metrics)

        async def worker() -> None:  # like the outbox worker, started by the start-up
            assert current_metrics() is metrics
            outbox_depth(3)
            outbox_failed()

        await asyncio.create_task(worker())

    asyncio.run(startup())
    text = metrics.render().decode()
    assert sample(text, "halo_outbox_depth") == 3
    assert sample(text, "halo_outbox_failures_total") == 1
    assert current_metrics() is None  # nothing leaked into this (the caller's) context
