import pytest
from pydantic import ValidationError

from app.config import Settings


def test_defaults_use_sqlite_under_runtime_dir(tmp_path):
    s = Settings(runtime_dir=tmp_path)
    assert s.sqlalchemy_url == f"sqlite:///{tmp_path / 'halo_warga.db'}"


def test_production_refuses_default_secret():
    with pytest.raises(ValidationError, match="HALO_SECRET_KEY"):
        Settings(environment="production", database_url="postgresql+psycopg://x@h/db")


def test_production_refuses_sqlite():
    with pytest.raises(ValidationError, match="PostgreSQL"):
        Settings(environment="production", secret_key="x" * 40)


def test_production_accepts_safe_settings():
    s = Settings(
        environment="production",
        secret_key="x" * 40,
        database_url="postgresql+psycopg://halo@127.0.0.1/halo",
    )
    assert s.sqlalchemy_url.startswith("postgresql")
