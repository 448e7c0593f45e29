"""The routes of a text turn are tried first: Starlette finds a request's route by trying
each route in the order it was added, so the citizen's message (``POST /api/chat``) and
Rasa's action call (``POST /actions/webhook``), two requests per turn, come before the other
routers (health, staff, bookings, console, ...)."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Match

from app.config import Settings
from app.main import create_app


def first_match(routes: list, method: str, path: str) -> int:
    scope = {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}
    scope["query_string"] = b""
    return next(i for i, r in enumerate(routes) if r.matches(scope)[0] is Match.FULL)


def test_turn_routes_come_before_the_others(tmp_path: Path) -> None:
    settings = Settings(environment="test", runtime_dir=tmp_path)
    routes = create_app(settings).router.routes
    chat = first_match(routes, "POST", "/api/chat")
    action = first_match(routes, "POST", "/actions/webhook")
    others = [
        first_match(routes, "GET", "/health"),
        first_match(routes, "GET", "/api/bookings/BK-1.ics"),
        first_match(routes, "GET", "/api/texts/privasi"),
    ]
    assert max(chat, action) < min(others)
