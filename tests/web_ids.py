"""Server-issued web session ids for tests that name their citizens ("warga1")."""

from __future__ import annotations

from app.services import web_sessions

_issued: dict[tuple[str, str], str] = {}


def web_sid(secret_key: str, name: str) -> str:
    """The same valid session id for ``name`` under one secret key (one test app)."""
    return _issued.setdefault((secret_key, name), web_sessions.issue(secret_key))
