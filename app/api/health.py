"""Health: ``/health`` (a full report for people), ``/health/live`` and ``/health/ready``
(probes for an orchestrator: Kubernetes, compose).

- live: the process answers; no dependency is asked (a restart would not mend them).
- ready: this instance can serve a turn: the database answers, Rasa answers with a model
  loaded, and the action endpoint is served. 503 names what is missing.
"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import APIRouter, FastAPI, Request, Response
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from app.context import context_of

router = APIRouter(tags=["health"])


def _database(state: Any) -> dict[str, Any]:
    try:
        with state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"ok": True, "dialect": state.engine.dialect.name}
    except Exception as error:  # report, never raise
        return {"ok": False, "error": repr(error)}


async def _rasa(state: Any) -> dict[str, Any]:
    try:
        status = await state.rasa.status()
        model = status.get("model_file")
        return {"ok": bool(model), "model": model}
    except Exception as error:
        return {"ok": False, "error": repr(error)}


@router.get("/health")
async def health(request: Request, response: Response) -> dict[str, Any]:
    state = context_of(request.app.state)
    parts: dict[str, dict[str, Any]] = {}
    parts["database"] = _database(state)
    parts["rasa"] = await _rasa(state)

    action_url = state.settings.action_endpoint_url
    health_url = action_url.rsplit("/", 1)[0] + "/health"
    try:
        async with httpx.AsyncClient(timeout=5.0) as client:
            resp = await client.get(health_url)
        parts["action_endpoint"] = {"ok": resp.status_code == 200, "url": action_url}
    except httpx.HTTPError as error:
        parts["action_endpoint"] = {"ok": False, "url": action_url, "error": repr(error)}

    ok = all(p["ok"] for p in parts.values())
    if not ok:
        response.status_code = 503
    return {"status": "ok" if ok else "degraded", "parts": parts}


@router.get("/health/live")
async def live() -> dict[str, str]:
    return {"status": "alive"}


async def _actions_served(app: FastAPI) -> bool:
    """The action endpoint this process serves (/actions), asked in-process: through the
    network it would go via the orchestrator's service, which routes only to instances
    already ready, and no instance would ever become ready."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://self") as client:
        resp = await client.get("/actions/health", timeout=5.0)
    return resp.status_code == 200


@router.get("/health/ready")
async def ready(request: Request, response: Response) -> dict[str, Any]:
    state = context_of(request.app.state)
    checks: dict[str, bool] = {}
    checks["database"] = bool((await run_in_threadpool(_database, state))["ok"])
    checks["rasa"] = bool((await _rasa(state))["ok"])  # reachable and a model loaded
    try:
        checks["action_endpoint"] = await _actions_served(request.app)
    except Exception:
        checks["action_endpoint"] = False
    missing = [name for name, ok in checks.items() if not ok]
    if missing:
        response.status_code = 503
    return {"status": "not ready" if missing else "ready", "missing": missing, "parts": checks}
