"""The office API on the real routers and a real database, SQLite and PostgreSQL (a fresh
database per test on the local server, as tests/app/test_analytics.py does), seeded
(tests/office/seed.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from app.api import office, staff_auth
from app.api.errors import install as install_error_handler
from app.config import Settings
from app.context import AppContext
from app.services.outbound import Outbound
from app.services.sla import today_local
from core.message import OutgoingMessage
from tests.office.seed import Seeded, password, seed, seed_staff


class RecordingSender:
    """A channel's sender (as Telegram's adapter registers one) that keeps what it got."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, user_id: str, messages: list[OutgoingMessage]) -> None:
        self.sent.extend((user_id, m.text) for m in messages)


PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Overrides the root fixture: every API test runs on both databases."""
    if request.param == "sqlite":
        yield Settings(environment="test", runtime_dir=tmp_path, rasa_url="http://127.0.0.1:9")
        return
    name = f"halo_office_{uuid.uuid4().hex}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield Settings(
            environment="test",
            runtime_dir=tmp_path,
            rasa_url="http://127.0.0.1:9",
            database_url=f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def today() -> date:
    return today_local()


@pytest.fixture
def seeded(engine: Engine, settings: Settings, today: date) -> Seeded:
    return seed(engine, settings.runtime_dir, today=today)


@pytest.fixture
def telegram() -> RecordingSender:
    return RecordingSender()


def make_client(engine: Engine, settings: Settings, telegram: RecordingSender) -> TestClient:
    api = FastAPI()
    install_error_handler(api)  # as create_app does: the error tree answers
    api.state.ctx = AppContext(engine=engine, settings=settings, outbound=Outbound(engine))
    api.state.ctx.outbound.register("telegram", telegram)
    api.include_router(staff_auth.router)
    office.mount(api, settings)
    return TestClient(api)


@pytest.fixture
def client(
    engine: Engine, settings: Settings, seeded: Seeded, telegram: RecordingSender
) -> Iterator[TestClient]:
    with make_client(engine, settings, telegram) as c:
        yield c


@pytest.fixture
def bare_client(
    engine: Engine, settings: Settings, telegram: RecordingSender
) -> Iterator[TestClient]:
    """The staff of the seed, no complaints."""
    seed_staff(engine)
    with make_client(engine, settings, telegram) as c:
        yield c


def login(client: TestClient, username: str) -> dict[str, str]:
    r = client.post("/api/staff/login", json={"username": username, "password": password(username)})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}
