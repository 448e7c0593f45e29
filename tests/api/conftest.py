"""Fixtures of the agent console tests (test_console*.py): the app on a runtime folder
with three officers (ani, budi: agents; sari: supervisor). Helpers: console_helpers.py."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import StaffRole
from app.services.staff import create_staff
from tests.api.console_helpers import start
from tests.fakes.rasa_mock import FakeRasa


@pytest.fixture
def runtime(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def app(runtime) -> Iterator[tuple[TestClient, FakeRasa]]:
    client, rasa = start(runtime)
    with Session(client.app.state.ctx.engine) as s:
        create_staff(s, username="ani", password="rahasia-ani", full_name="Ani")
        create_staff(s, username="budi", password="rahasia-budi")
        create_staff(s, username="sari", password="rahasia-sari", role=StaffRole.SUPERVISOR)
    yield client, rasa
    client.__exit__(None, None, None)
