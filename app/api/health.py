"""Health report: the app, Rasa, the action endpoint and the database."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import APIRouter, Request, Response
from sqlalchemy import text

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(request: Request, response: Response) -> dict[str, Any]:
    state = request.app.state
    parts: dict[str, dict[str, Any]] = {}

    try:
        with state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        parts["database"] = {"ok": True, "dialect": state.engine.dialect.name}
    except Exception as error:  # report, never raise
        parts["database"] = {"ok": False, "error": repr(error)}

    try:
        status = await state.rasa.status()
        model = status.get("model_file")
        parts["rasa"] = {"ok": bool(model), "model": model}
    except Exception as error:
        parts["rasa"] = {"ok": False, "error": repr(error)}

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
