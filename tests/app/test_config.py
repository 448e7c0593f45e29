import pytest
from pydantic import ValidationError

from app.config import Settings


def test_defaults_use_sqlite_under_runtime_dir(tmp_path):
    s = Settings(runtime_dir=tmp_path)
    assert s.sqlalchemy_url == f"sqlite:///{tmp_path / 'halo_warga.db'}"


def test_production_refuses_default_secret():
    with pytest.raises(ValidationError, match="HALO_SECRET_KEY"):
        Settings(environment="production", database_url="postgresql+psycopg://x@h/db")


SAFE = {"secret_key": "x" * 40, "rasa_token": "r" * 20, "action_secret": "a" * 20}


def test_production_refuses_sqlite():
    with pytest.raises(ValidationError, match="PostgreSQL"):
        Settings(environment="production", **SAFE)


def test_production_refuses_missing_rasa_token(tmp_path):
    with pytest.raises(ValidationError, match="HALO_RASA_TOKEN"):
        Settings(
            environment="production",
            runtime_dir=tmp_path,
            secret_key="x" * 40,
            database_url="postgresql+psycopg://halo@127.0.0.1/halo",
        )
    assert not (tmp_path / "rasa_token").exists()  # production never invents a secret


def test_production_accepts_safe_settings():
    s = Settings(
        environment="production",
        database_url="postgresql+psycopg://halo@127.0.0.1/halo",
        **SAFE,
    )
    assert s.sqlalchemy_url.startswith("postgresql")


def test_development_secrets_are_random_private_files_kept_across_runs(tmp_path):
    first = Settings(runtime_dir=tmp_path)
    again = Settings(runtime_dir=tmp_path)
    other = Settings(runtime_dir=tmp_path / "other")
    for name in ("secret_key", "rasa_token", "action_secret"):
        path = tmp_path / name
        assert path.stat().st_mode & 0o777 == 0o600
        assert getattr(first, name) == getattr(again, name) == path.read_text()
        assert len(getattr(first, name)) >= 32
        assert getattr(other, name) != getattr(first, name)
    assert first.secret_key != first.rasa_token


def test_the_pinned_clock_of_the_bench(tmp_path):
    from datetime import datetime

    from app.context import app_clock

    start = "2026-12-07T09:00:00+07:00"
    clock = app_clock(Settings(runtime_dir=tmp_path, clock_start=start))
    assert abs((clock() - datetime.fromisoformat(start)).total_seconds()) < 5
    assert app_clock(Settings(runtime_dir=tmp_path)).__name__ == "utcnow"
    with pytest.raises(ValidationError, match="HALO_CLOCK_START"):
        Settings(
            environment="production", database_url="postgresql+psycopg://x@h/db",
            clock_start=start, **SAFE,
        )  # fmt: skip
