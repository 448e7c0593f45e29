"""The console's live WebSocket (``/api/console/ws``): queue, request and message events to
the officer (only what the officer may see), the officer's replies back. The Origin is checked
(no cross-site WebSocket hijacking) and the session is re-checked while the socket is open."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from app.api.console_auth import COOKIE, load_session, origin_ok, staff_json
from app.config import Settings
from app.context import context_of
from app.db import in_session
from app.models import StaffRole, StaffUser
from app.services import handoff as hs

log = logging.getLogger(__name__)

router = APIRouter()

SESSION_RECHECK_S = 30.0


def _visible(staff: StaffUser, event: dict[str, Any]) -> bool:
    if staff.role.rank >= StaffRole.SUPERVISOR.rank or event.get("type") == "queue":
        return True
    return event.get("agent_id") in (None, staff.id)


@router.websocket("/ws")
async def events(websocket: WebSocket) -> None:
    """Live console: server -> ``queue`` / ``request`` / ``message`` events;
    client -> ``{"type": "send", "request_id", "text", "csrf"}`` (answered with
    ``sent`` or ``error``) and ``{"type": "ping"}``."""
    ctx = context_of(websocket.app.state)
    settings: Settings = ctx.settings
    if not origin_ok(websocket.headers.get("origin"), websocket.headers.get("host")):
        log.warning("console websocket refused: origin %s", websocket.headers.get("origin"))
        await websocket.close(code=4403)
        return
    cookie = websocket.cookies.get(COOKIE)
    try:
        staff, sess = await in_session(ctx.engine, lambda db: load_session(db, settings, cookie))
    except PermissionError:
        await websocket.close(code=4401)
        return
    await websocket.accept()
    staff_id = staff.id
    assert staff_id is not None
    service: hs.HandoffService = ctx.need_handoff()
    queue = service.hub.subscribe(staff_id)

    async def forward() -> None:
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), timeout=SESSION_RECHECK_S)
            except TimeoutError:
                # A signed-out, expired or deactivated session stops receiving events.
                try:
                    await in_session(ctx.engine, lambda db: load_session(db, settings, cookie))
                except PermissionError:
                    await websocket.close(code=4401)
                    return
                continue
            if _visible(staff, event):
                await websocket.send_json(event)

    sender = asyncio.create_task(forward())
    try:
        await websocket.send_json({"type": "hello", "staff": staff_json(staff)})
        while True:
            data = await websocket.receive_json()
            kind = data.get("type") if isinstance(data, dict) else None
            if kind == "ping":
                await websocket.send_json({"type": "pong"})
                continue
            if kind != "send":
                await websocket.send_json({"type": "error", "message": "unknown message type"})
                continue
            if not hmac.compare_digest(str(data.get("csrf", "")), sess.csrf_token):
                await websocket.send_json({"type": "error", "message": "CSRF check failed"})
                continue
            try:
                staff, sess = await in_session(
                    ctx.engine, lambda db: load_session(db, settings, cookie)
                )
                line_id = await service.send(
                    int(data.get("request_id", 0)), staff, str(data.get("text", ""))
                )
            except PermissionError:
                await websocket.close(code=4401)
                return
            except (hs.HandoffError, ValueError) as error:
                await websocket.send_json({"type": "error", "message": str(error)})
                continue
            await websocket.send_json(
                {"type": "sent", "request_id": data.get("request_id"), "id": line_id}
            )
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender
        service.hub.unsubscribe(staff_id, queue)
