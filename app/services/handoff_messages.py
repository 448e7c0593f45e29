"""What the citizen is told while their conversation waits for an officer: the queue notice
(position, or the service hours after hours) and the answers to messages sent while waiting
(a callback number noted, "still waiting", at most once per ``NOTICE_INTERVAL_S``)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from app.models import HandoffRequest, HandoffStatus, StaffUser
from app.services.handoff_hours import aware, hours_description
from app.services.handoff_queue import audit, queue_position
from core.lang.ids import find_phone
from core.message import Button, OutgoingMessage
from core.texts import t

CANCEL_PAYLOAD = "/handoff_cancel"
NOTICE_INTERVAL_S = 120  # at most one "still waiting" answer per this many seconds


def agent_name(session: Session, req: HandoffRequest) -> str:
    agent = session.get(StaffUser, req.assigned_agent_id)
    return (agent.full_name or agent.username) if agent else "kami"


def queue_notice(session: Session, req: HandoffRequest) -> OutgoingMessage:
    cancel = [Button(title=t("handoff.cancel_button"), payload=CANCEL_PAYLOAD)]
    if req.status != HandoffStatus.WAITING:
        return OutgoingMessage(text=t("handoff.agent_joined", agent=agent_name(session, req)))
    if req.after_hours:
        return OutgoingMessage(
            text=t("handoff.after_hours", hours=hours_description()),
            buttons=cancel,
            sender="system",
        )
    return OutgoingMessage(
        text=t("handoff.queued", position=queue_position(session, req)),
        buttons=cancel,
        sender="system",
    )


def answer_while_waiting(
    session: Session, req: HandoffRequest, message: str, now: datetime
) -> tuple[OutgoingMessage | None, bool]:
    """The answer to a message sent while waiting (None: a notice was given moments ago) and
    whether it carried a callback number. Adds the changes to ``session``; the caller commits."""
    phone = find_phone(message) if req.after_hours else None
    if phone:
        req.callback_phone = phone
        audit(
            session,
            "callback_number",
            actor="citizen",
            conversation_id=req.conversation_id,
            request_id=req.id,
        )
        answer = t("handoff.callback_noted", phone=phone)
    elif req.last_notice_at and (now - aware(req.last_notice_at)).total_seconds() < (
        NOTICE_INTERVAL_S
    ):
        return None, False
    elif req.after_hours:
        answer = t("handoff.after_hours_message_kept")
    else:
        answer = t("handoff.still_waiting", position=queue_position(session, req))
    req.last_notice_at = now
    session.add(req)
    return OutgoingMessage(text=answer, sender="system"), phone is not None
