"""Canned replies and the supervisors' views of the console API: the agents' overview (who
is online, open conversations, waiting times) and the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.api.console_auth import Staff, Supervisor, staff_json
from app.api.console_requests import HandoffDep, request_json
from app.api.deps import SessionDep
from app.models import HandoffStatus
from app.models.base import utcnow
from app.services import console_desk as desk
from app.services import handoff as hs

router = APIRouter()


class CannedBody(BaseModel):
    title: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1, max_length=hs.MAX_AGENT_TEXT)


@router.get("/canned")
def canned(staff: Staff, db: SessionDep) -> dict[str, Any]:
    items = desk.canned_replies(db)
    return {"replies": [{"id": c.id, "title": c.title, "text": c.text} for c in items]}


@router.post("/canned")
def add_canned(body: CannedBody, staff: Supervisor, db: SessionDep) -> dict[str, Any]:
    item = desk.add_canned(db, staff, body.title, body.text)
    return {"id": item.id, "title": item.title, "text": item.text}


@router.delete("/canned/{canned_id}")
def remove_canned(canned_id: int, staff: Supervisor, db: SessionDep) -> dict[str, str]:
    desk.remove_canned(db, staff, canned_id)  # 404 through app/api/errors.py
    return {"status": "removed"}


@router.get("/overview")
def overview(staff: Supervisor, db: SessionDep, service: HandoffDep) -> dict[str, Any]:
    now = utcnow()
    online = service.hub.online()
    view = desk.overview(db, now)
    open_reqs, waits = view.open_requests, view.waits_today_s
    waiting = [r for r in open_reqs if r.status == HandoffStatus.WAITING]
    return {
        "agents": [
            {
                **staff_json(a),
                "online": a.id in online,
                "open_conversations": sum(
                    1
                    for r in open_reqs
                    if r.assigned_agent_id == a.id and r.status == HandoffStatus.CLAIMED
                ),
            }
            for a in view.agents
        ],
        "queue": {
            "waiting": len(waiting),
            "claimed": len(open_reqs) - len(waiting),
            "longest_wait_s": round(
                max(((now - hs.aware(r.requested_at)).total_seconds() for r in waiting), default=0)
            ),
            "claimed_today": len(waits),
            "average_wait_today_s": round(sum(waits) / len(waits)) if waits else None,
        },
        "requests": [request_json(db, r) for r in open_reqs],
    }


@router.get("/audit")
def audit_log(
    staff: Supervisor,
    db: SessionDep,
    limit: int = 200,
    conversation_id: str | None = None,
) -> dict[str, Any]:
    total, entries = desk.audit_page(db, limit, conversation_id)
    return {
        "total": total,
        "entries": [
            {
                "id": e.id,
                "at": hs.aware(e.at).isoformat(),
                "actor": e.actor,
                "action": e.action,
                "conversation_id": e.conversation_id,
                "request_id": e.request_id,
                "detail": desk.audit_detail(e),
            }
            for e in entries
        ],
    }
