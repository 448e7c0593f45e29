"""The officers' side of the console API: the queue, one request with its transcript, notes
and the citizen's records, claiming, chatting, handing back, closing and taking a live
conversation. Database work is in :mod:`app.services.console_desk` and the handoff service;
their errors (404, 403, 409, 422) reach the client through the one handler of
:mod:`app.api.errors`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.api.console_auth import Staff, staff_json
from app.api.deps import SessionDep
from app.context import context_of
from app.db import in_session
from app.errors import AssistantUnavailable
from app.models import (
    Booking,
    BookingStatus,
    Complaint,
    HandoffRequest,
    MessageLog,
    StaffRole,
    StaffUser,
)
from app.models.base import utcnow
from app.services import console_desk as desk
from app.services import handoff as hs
from app.services import staff as staff_service
from app.services.complaints.workflow import NEEDS_REASON, TRANSITIONS
from app.services.dates_id import TZ as LOCAL_TZ
from app.services.privacy import mask_nik_tokens
from core.errors import Unavailable

router = APIRouter()

TRANSCRIPT_LINES = 200
RECORDS_LIMIT = 20  # complaints and bookings shown per citizen
LIVE_MINUTES = 30


def _service(request: Request) -> hs.HandoffService:
    return context_of(request.app.state).need_handoff()


HandoffDep = Annotated[hs.HandoffService, Depends(_service)]


class TextBody(BaseModel):
    text: str = Field(min_length=1, max_length=hs.MAX_AGENT_TEXT)


def request_json(db: Session, req: HandoffRequest) -> dict[str, Any]:
    now = utcnow()
    agent = staff_service.staff_by_id(db, req.assigned_agent_id)
    end = req.claimed_at or req.closed_at
    waited = (hs.aware(end) if end else now) - hs.aware(req.requested_at)
    return {
        "id": req.id,
        "conversation_id": req.conversation_id,
        "channel": req.conversation_id.partition(":")[0],
        "reason": req.reason,
        "status": req.status.value,
        "position": hs.queue_position(db, req),
        "waiting_s": round(waited.total_seconds()),
        "after_hours": req.after_hours,
        "callback_phone": req.callback_phone,
        "agent": staff_json(agent) if agent else None,
        "requested_at": hs.aware(req.requested_at).isoformat(),
        "claimed_at": hs.aware(req.claimed_at).isoformat() if req.claimed_at else None,
        "outcome": req.outcome,
    }


def _line_json(line: MessageLog) -> dict[str, Any]:
    return {
        "id": line.id,
        "sender": line.sender,
        "direction": line.direction,
        "text": mask_nik_tokens(line.text),  # officers see the last 4 digits of a NIK
        "at": hs.aware(line.created_at).isoformat(),
    }


@router.get("/queue")
def queue(staff: Staff, db: SessionDep, service: HandoffDep) -> dict[str, Any]:
    return {
        "requests": [request_json(db, r) for r in hs.list_queue(db, staff)],
        "open_now": service.open_now(),
        "hours": hs.hours_description(),
    }


@router.get("/requests/{request_id}")
def request_detail(request_id: int, staff: Staff, db: SessionDep) -> dict[str, Any]:
    req = hs.get_request(db, request_id, staff)
    lines = desk.transcript_tail(db, req.conversation_id, TRANSCRIPT_LINES)
    data = request_json(db, req)
    data["summary"] = json.loads(req.summary) if req.summary else {}
    data["transcript"] = [_line_json(line) for line in lines]
    data["notes"] = [
        {"id": n.id, "author": author, "text": n.text, "at": hs.aware(n.created_at).isoformat()}
        for n, author in desk.notes_with_authors(db, request_id)
    ]
    data["citizen_records"] = citizen_records(db, req.conversation_id, staff)
    return data


def citizen_records(db: Session, conversation_id: str, staff: StaffUser) -> dict[str, Any]:
    """The citizen's complaints and bookings, with the actions this officer may take.

    Actions are calls to the complaint and booking staff APIs (bearer token), which check
    roles again: complaint status changes, booking cancellation (supervisors).
    """
    complaints = desk.citizen_complaints(db, conversation_id, staff, RECORDS_LIMIT)
    bookings = desk.citizen_bookings(db, conversation_id, RECORDS_LIMIT)
    supervisor = staff.role.rank >= StaffRole.SUPERVISOR.rank
    return {
        "complaints": {
            "available": True,
            "items": [
                {
                    "id": c.id,
                    "label": f"{c.ticket_code} · {c.category} · {c.status}",
                    "actions": _complaint_actions(c),
                }
                for c in complaints
            ],
        },
        "bookings": {
            "available": True,
            "items": [
                {
                    "id": b.id,
                    "label": (
                        f"{b.code} · {b.facility_id} · "
                        f"{hs.aware(b.start_at).astimezone(LOCAL_TZ):%d-%m-%Y %H.%M} WIB"
                        f" · {b.status}"
                    ),
                    "actions": _booking_actions(b) if supervisor else [],
                }
                for b in bookings
            ],
        },
    }


def _complaint_actions(complaint: Complaint) -> list[dict[str, Any]]:
    """Status changes allowed from here, as calls to the complaint staff API."""
    return [
        {
            "label": f"→ {to}",
            "method": "POST",
            "path": f"/api/staff/complaints/{complaint.ticket_code}/status",
            "body": {"status": str(to)},
            "needs_reason": to in NEEDS_REASON,
        }
        for to in TRANSITIONS.get(complaint.status, ())
    ]


def _booking_actions(booking: Booking) -> list[dict[str, Any]]:
    """Cancelling a booking (the booking staff API; supervisors only there too)."""
    if booking.status != BookingStatus.CONFIRMED:
        return []
    return [
        {
            "label": "Batalkan pemesanan",
            "method": "POST",
            "path": f"/api/staff/bookings/{booking.code}/cancel",
            "body": {},
            "needs_reason": True,
        }
    ]


@router.post("/requests/{request_id}/claim")
async def claim(request_id: int, staff: Staff, service: HandoffDep) -> dict[str, Any]:
    await service.claim(request_id, staff)

    def shown(db: Session) -> dict[str, Any]:
        return request_json(db, hs.get_request(db, request_id, staff))

    return await in_session(service.engine, shown)


@router.post("/requests/{request_id}/messages")
async def send_message(
    request_id: int, body: TextBody, staff: Staff, service: HandoffDep
) -> dict[str, Any]:
    return {"id": await service.send(request_id, staff, body.text)}


@router.post("/requests/{request_id}/notes")
def add_note(request_id: int, body: TextBody, staff: Staff, db: SessionDep) -> dict[str, Any]:
    note = hs.add_note(db, request_id, staff, body.text)
    return {"id": note.id, "author": staff.username, "text": note.text}


class StillYours(Unavailable):
    """Rasa could not be resumed: the conversation stays with the officer (who is told so)."""

    def public_detail(self) -> object | None:
        return str(self)


async def _release(step: Awaitable[None]) -> None:
    """Run a step that gives the conversation back (hand back, close); Rasa being
    unreachable leaves it with the officer (503)."""
    try:
        await step
    except AssistantUnavailable as error:
        raise StillYours("assistant unreachable; still yours") from error


@router.post("/requests/{request_id}/handback")
async def hand_back(request_id: int, staff: Staff, service: HandoffDep) -> dict[str, str]:
    await _release(service.hand_back(request_id, staff))
    return {"status": "handed_back"}


@router.post("/requests/{request_id}/close")
async def close(request_id: int, staff: Staff, service: HandoffDep) -> dict[str, str]:
    await _release(service.close(request_id, staff))
    return {"status": "closed"}


@router.get("/live")
def live_conversations(staff: Staff, db: SessionDep) -> dict[str, Any]:
    """Conversations the assistant is handling now, which an officer may take."""
    since = utcnow() - timedelta(minutes=LIVE_MINUTES)
    return {
        "conversations": [
            {"id": c.id, "channel": c.channel, "last_seen_at": hs.aware(c.last_seen_at).isoformat()}
            for c in desk.live_conversations(db, since)
        ]
    }


@router.post("/conversations/{conversation_id}/take")
async def take(conversation_id: str, staff: Staff, service: HandoffDep) -> dict[str, Any]:
    return {"request_id": await service.take(conversation_id, staff)}
