"""One Settings object for the app process, read from the environment and `.env`.

Embedded defaults run everything locally (SQLite under ``runtime/``, local models,
no accounts). Production refuses unsafe settings loudly at start-up.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "dev-only-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HALO_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    environment: Literal["development", "test", "production"] = "development"
    runtime_dir: Path = ROOT_DIR / "runtime"
    database_url: str = ""  # empty: SQLite file under runtime_dir
    secret_key: str = DEFAULT_SECRET

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_s: float = 30.0
    # Where Rasa calls our actions; the app serves them itself at /actions/webhook.
    action_endpoint_url: str = "http://127.0.0.1:8000/actions/webhook"

    # Inquiry (issue 3): a FAQ answer needs this ResponseSelector confidence; below it the
    # assistant asks "Maksud Anda ...?" with the best topics (ResponseSelector + BM25).
    faq_min_confidence: float = 0.5

    privacy_policy_version: str = "2026-11"
    privacy_retention_days: int = 365

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment == "production":
            if self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32:
                raise ValueError(
                    "HALO_SECRET_KEY must be set to 32+ random characters in production"
                )
            if not self.database_url.startswith("postgresql"):
                raise ValueError("HALO_DATABASE_URL must point to PostgreSQL in production")
        return self

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.runtime_dir / 'halo_warga.db'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
