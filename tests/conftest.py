"""Shared fixtures. Unit tests use a fresh SQLite file per test; end-to-end tests start
the real Rasa server and the app once per session (see tests/e2e/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from actions import context as action_context
from app.config import Settings
from app.db import make_engine, migrate


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(environment="test", runtime_dir=tmp_path, rasa_url="http://127.0.0.1:9")


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    eng = make_engine(settings)
    migrate(eng)
    action_context.configure(eng, settings)
    yield eng
    eng.dispose()
