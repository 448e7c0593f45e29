"""What an officer does to a complaint from the workbench: verify, assign or reassign (to a
dinas or an officer), change the status with a note for the citizen, merge a duplicate into
another ticket, reject with a reason; one at a time or in bulk.

Each action checks the officer's scope (a dinas officer acts only on their dinas), writes
the complaint's history and returns the messages to push to the reporter and followers on
their own channel (:class:`Outbox`; the router pushes them with ``Outbound.push``).
Status rules stay those of :mod:`app.services.complaints` (``TRANSITIONS``, a reason for
ditolak / bukan_wewenang).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlmodel import Session

from app.models import Complaint, ComplaintHistory, ComplaintStatus, StaffRole, StaffUser
from app.models.base import utcnow
from app.services import complaints as svc
from app.services import outbox as outbox_rows
from core.errors import HaloWargaError
from core.message import Button, OutgoingMessage
from core.texts import t

NOTE_MAX_CHARS = 2000
RATE_PAYLOAD = '/rate_service{{"ticket_code": "{code}", "rating": "{n}"}}'  # as the staff API sends


class WorkflowError(HaloWargaError):
    """An action refused; ``key`` says why (the API answers it as the detail), ``status``
    409 or as given (core.errors)."""

    def __init__(self, key: str, status: int = 409) -> None:
        super().__init__(key)
        self.key = key
        self.status = status


class Action(StrEnum):
    VERIFY = "verify"
    STATUS = "status"
    REJECT = "reject"
    ASSIGN_DINAS = "assign_dinas"
    ASSIGN_STAFF = "assign_staff"
    MERGE = "merge"


@dataclass
class Outbox:
    """Messages about the change: (conversation id, message), each staged as an outbox row
    in the change's own transaction (app/services/outbox.py); ``keys`` are delivered once
    the change is committed."""

    items: list[tuple[str, OutgoingMessage]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def add(self, session: Session, complaint: Complaint, message: OutgoingMessage) -> None:
        self.add_to(session, svc.audience(session, complaint), message, complaint.ticket_code)

    def add_to(
        self, session: Session, audience: list[str], message: OutgoingMessage, code: str
    ) -> None:
        for conversation_id in audience:
            self.items.append((conversation_id, message))
            staged = outbox_rows.stage(
                session, conversation_id, [message], cause=f"complaint:{code}"
            )
            if staged is not None and staged.new:
                self.keys.append(staged.key)


def in_scope(user: StaffUser, complaint: Complaint) -> bool:
    return not user.dinas_code or user.dinas_code == complaint.dinas_code


def _require_supervisor(user: StaffUser) -> None:
    if user.role.rank < StaffRole.SUPERVISOR.rank:
        raise WorkflowError("supervisor_required", 403)


def _note(session: Session, complaint: Complaint, note: str, author: str) -> None:
    """A history line that does not change the status."""
    now = utcnow()
    complaint.updated_at = now
    session.add(complaint)
    session.add(
        ComplaintHistory(
            complaint_id=complaint.id or 0,
            from_status=complaint.status.value,
            to_status=complaint.status.value,
            note=note,
            author=author,
            created_at=now,
        )
    )


def status_message(complaint: Complaint, note: str = "") -> OutgoingMessage:
    """The citizen's update: the status text of ``complaints.status_update_text``, the
    officer's note, and the 1-5 rating buttons once the ticket is selesai."""
    body = svc.status_update_text(complaint)
    if note.strip():
        body += "\n" + t("office.citizen.note", note=note.strip())
    buttons: list[Button] = []
    if complaint.status is ComplaintStatus.SELESAI:
        buttons = [
            Button(
                title=str(n),
                payload=RATE_PAYLOAD.format(code=complaint.ticket_code, n=n),
            )
            for n in range(1, 6)
        ]
    return OutgoingMessage(text=body, buttons=buttons)


def change_status(
    session: Session,
    user: StaffUser,
    complaint: Complaint,
    outbox: Outbox,
    *,
    to: ComplaintStatus,
    note: str = "",
    reason: str | None = None,
) -> None:
    note = note.strip()[:NOTE_MAX_CHARS]
    try:
        svc.change_status(
            session,
            complaint,
            to=to,
            author=user.username,
            note=note,
            reason=reason,
            announce=lambda s, c: outbox.add(s, c, status_message(c, note)),
        )
    except svc.InvalidTransition as error:
        raise WorkflowError(error.key) from error


def verify(session: Session, user: StaffUser, complaint: Complaint, outbox: Outbox) -> None:
    note = t("office.history.verified")
    try:
        svc.change_status(
            session,
            complaint,
            to=ComplaintStatus.DIVERIFIKASI,
            author=user.username,
            note=note,
            announce=lambda s, c: outbox.add(s, c, status_message(c)),
        )
    except svc.InvalidTransition as error:
        raise WorkflowError(error.key) from error


def reject(
    session: Session, user: StaffUser, complaint: Complaint, outbox: Outbox, *, reason: str
) -> None:
    if not reason.strip():
        raise WorkflowError("reason_required", 422)
    change_status(session, user, complaint, outbox, to=ComplaintStatus.DITOLAK, reason=reason)


def assign_dinas(
    session: Session,
    user: StaffUser,
    complaint: Complaint,
    outbox: Outbox,
    *,
    dinas_code: str,
    note: str = "",
) -> None:
    """Reassign to another dinas (supervisors). The officer assigned before is released
    when they belong to another dinas; the citizen hears who handles it now."""
    _require_supervisor(user)
    if complaint.status.is_closed:
        raise WorkflowError("complaint_closed")

    def announce(s: Session, c: Complaint) -> None:  # with the change of dinas
        dinas = svc.routing().dinas_name(dinas_code)
        message = t("office.citizen.assigned", code=c.ticket_code, dinas=dinas)
        outbox.add(s, c, OutgoingMessage(text=message))

    try:
        svc.assign_dinas(
            session,
            complaint,
            dinas_code=dinas_code,
            author=user.username,
            note=note.strip(),
            announce=announce,
        )
    except svc.InvalidComplaintInput as error:
        raise WorkflowError(error.key, 422) from error
    if complaint.assigned_staff_id is not None:
        officer = session.get(StaffUser, complaint.assigned_staff_id)
        if officer is None or (officer.dinas_code and officer.dinas_code != dinas_code):
            complaint.assigned_staff_id = None
            _note(session, complaint, t("office.history.unassigned_staff"), user.username)
            session.commit()


def assign_staff(
    session: Session, user: StaffUser, complaint: Complaint, *, staff_id: int | None
) -> None:
    """Give the ticket to an officer (None: release it). Anyone may take a ticket
    themselves; giving it to someone else is for supervisors. The officer must be active
    and of the ticket's dinas (or of no dinas: the city's call centre)."""
    if staff_id != user.id:
        _require_supervisor(user)
    if complaint.status.is_closed:
        raise WorkflowError("complaint_closed")
    if staff_id is None:
        complaint.assigned_staff_id = None
        _note(session, complaint, t("office.history.unassigned_staff"), user.username)
        session.commit()
        return
    officer = session.get(StaffUser, staff_id)
    if officer is None or not officer.active:
        raise WorkflowError("staff_unknown", 422)
    if officer.dinas_code and officer.dinas_code != complaint.dinas_code:
        raise WorkflowError("staff_other_dinas", 422)
    complaint.assigned_staff_id = officer.id
    name = officer.full_name or officer.username
    _note(session, complaint, t("office.history.assigned_staff", name=name), user.username)
    session.commit()


def merge(
    session: Session,
    user: StaffUser,
    duplicate: Complaint,
    target: Complaint,
    outbox: Outbox,
) -> None:
    """Close ``duplicate`` as a duplicate of ``target``: its reporter and followers follow
    ``target`` from now on, and are told so."""
    if duplicate.id == target.id:
        raise WorkflowError("merge_same", 422)
    if not in_scope(user, target):
        raise WorkflowError("not_found", 404)
    if duplicate.status.is_closed:
        raise WorkflowError("complaint_closed")
    if target.merged_into_id is not None or target.status in svc.NEEDS_REASON:
        raise WorkflowError("merge_target_closed")
    audience = svc.audience(session, duplicate)
    reason = t("office.history.merge_reason", target=target.ticket_code)
    try:
        svc.change_status(
            session,
            duplicate,
            to=ComplaintStatus.DITOLAK,
            author=user.username,
            note=t("office.history.merged_into", target=target.ticket_code),
            reason=reason,
        )
    except svc.InvalidTransition as error:
        raise WorkflowError(error.key) from error
    duplicate.merged_into_id = target.id
    session.add(duplicate)
    _note(
        session, target, t("office.history.merged_from", code=duplicate.ticket_code), user.username
    )
    message = OutgoingMessage(
        text=t("office.citizen.merged", code=duplicate.ticket_code, target=target.ticket_code)
    )
    outbox.add_to(session, list(audience), message, duplicate.ticket_code)
    session.commit()
    for conversation_id in audience:
        svc.follow(session, target, conversation_id)
