"""Probes for an orchestrator (app/api/health.py) against the real app, with a small real
HTTP server standing in for Rasa: ready answers 503 naming what is missing while Rasa is
down or has no model, 200 once it is up; live answers whatever the dependencies do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from app.config import Settings
from app.main import create_app
from tests.fakes.http import FakeServer, Reply, Req


class FakeRasa(FakeServer):
    def __init__(self, model: str | None = "models/halo-test.tar.gz") -> None:
        super().__init__()
        self.model = model

    def route(self, req: Req) -> Reply:
        # no kept-alive connection outlives stop(), as none outlives a killed Rasa
        close = {"Connection": "close"}
        if req.path == "/status":
            return Reply.json({"model_file": self.model}, headers=close)
        return Reply.json({}, headers=close)


def start(runtime: Path, rasa_url: str) -> TestClient:
    settings = Settings(
        environment="test",
        runtime_dir=runtime,
        rasa_url=rasa_url,
        booking_reminder_interval_s=0,
        privacy_purge_interval_s=0,
        stt_preload=False,
    )
    return TestClient(create_app(settings))


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    server = FakeRasa().start()
    yield server
    if not server.closing:
        server.stop()


def test_ready_when_rasa_is_up_and_503_naming_rasa_when_it_goes_down(
    tmp_path: Path, rasa: FakeRasa
) -> None:
    with start(tmp_path, rasa.url) as client:
        resp = client.get("/health/ready")
        assert resp.status_code == 200, resp.text
        assert resp.json() == {
            "status": "ready",
            "missing": [],
            "parts": {"database": True, "rasa": True, "action_endpoint": True},
        }
        rasa.stop()  # Rasa is killed: nothing listens on its port any more
        resp = client.get("/health/ready")
        assert resp.status_code == 503
        assert resp.json()["missing"] == ["rasa"]
        assert resp.json()["status"] == "not ready"
        live = client.get("/health/live")
        assert live.status_code == 200 and live.json() == {"status": "alive"}


def test_ready_is_503_until_rasa_answers_then_200(tmp_path: Path) -> None:
    down = FakeRasa().start()
    down.stop()  # a port nothing listens on
    with start(tmp_path, down.url) as client:
        resp = client.get("/health/ready")
        assert resp.status_code == 503 and resp.json()["missing"] == ["rasa"]
        with FakeRasa() as up:
            client.app.state.ctx.rasa._http.base_url = up.url  # Rasa has come up
            assert client.get("/health/ready").status_code == 200
            assert any(r.path == "/status" for r in up.requests)


def test_rasa_without_a_model_is_not_ready(tmp_path: Path) -> None:
    with FakeRasa(model=None) as rasa, start(tmp_path, rasa.url) as client:
        resp = client.get("/health/ready")
        assert resp.status_code == 503 and resp.json()["missing"] == ["rasa"]


def test_database_down_is_named_and_live_stays_up(tmp_path: Path, rasa: FakeRasa) -> None:
    with start(tmp_path, rasa.url) as client:
        good = client.app.state.ctx.engine
        client.app.state.ctx.engine = create_engine(f"sqlite:///{tmp_path}/no/such/dir/x.db")
        try:
            resp = client.get("/health/ready")
            assert resp.status_code == 503 and resp.json()["missing"] == ["database"]
            assert client.get("/health/live").status_code == 200
            assert client.get("/health").status_code == 503  # the full report agrees
        finally:
            client.app.state.ctx.engine.dispose()
            client.app.state.ctx.engine = good
