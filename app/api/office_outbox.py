"""Dead letters of the outbox for supervisors: ``GET /api/office/outbox`` (the depth, the
dead rows and what they say) and ``POST /api/office/outbox/{id}/retry`` (due again now,
with a fresh count of attempts). See :mod:`app.services.outbox`."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter

from app.api.deps import SessionDep
from app.api.office_auth import OfficeSupervisor
from app.services import outbox
from core.errors import NotFound

router = APIRouter(prefix="/api/office/outbox", tags=["office"])


@router.get("")
def dead_letters(db: SessionDep, user: OfficeSupervisor) -> dict[str, Any]:
    depth, dead = outbox.stats(db)
    items = [
        {
            "id": row.id,
            "conversation_id": row.conversation_id,
            "channel": row.channel,
            "cause": row.cause,
            "attempts": row.attempts,
            "last_error": row.last_error,
            "created_at": row.created_at,
            "texts": [m.get("text", "") for m in json.loads(row.messages)],
        }
        for row in outbox.dead_letters(db)
    ]
    return {"depth": depth, "dead": dead, "items": items}


@router.post("/{row_id}/retry")
def retry(row_id: int, db: SessionDep, user: OfficeSupervisor) -> dict[str, Any]:
    if not outbox.retry(db, row_id):
        raise NotFound("not_dead")
    return {"id": row_id, "status": "pending"}
