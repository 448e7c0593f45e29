"""The agent console's API (``/api/console``), its WebSocket and its static pages
(``/console/``).

Agents see the waiting queue and their own conversations; supervisors and admins see
everything, the agents' overview and the audit log. The API is assembled here from its parts:

- :mod:`app.api.console_auth`: sign-in, the session cookie, CSRF and Origin checks;
- :mod:`app.api.console_requests`: the queue, a request's detail, chat, notes, hand back;
- :mod:`app.api.console_supervisor`: canned replies, the overview, the audit log;
- :mod:`app.api.console_ws`: the live WebSocket.

Their database work is in :mod:`app.services.console_desk` and :mod:`app.services.handoff`.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from app.api import console_auth, console_requests, console_supervisor, console_ws
from app.config import ROOT_DIR

router = APIRouter(prefix="/api/console", tags=["console"])
router.include_router(console_auth.router)
router.include_router(console_requests.router)
router.include_router(console_supervisor.router)
router.include_router(console_ws.router)

CONSOLE_DIR = ROOT_DIR / "console_ui"


class ConsoleFiles(StaticFiles):
    """The console's pages with a strict Content-Security-Policy: scripts and styles
    from this origin only, so nothing a citizen writes can run in an officer's browser."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        sockets = f" ws://{host} wss://{host}" if host else ""
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self'{sockets}; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response


def mount(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/console", ConsoleFiles(directory=CONSOLE_DIR, html=True), name="console")
