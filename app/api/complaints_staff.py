"""Staff API for complaints: list, filter, search, detail, status change with a note
(pushed to the reporter), dinas assignment, CSV export. Every route needs a staff token;
an officer of a dinas (``dinas_code`` set) sees only that dinas's tickets."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import replace
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.api.deps import OutboundDep, SessionDep
from app.api.staff_auth import CurrentStaff, require_role
from app.models import Complaint, ComplaintStatus, Privacy, StaffRole, StaffUser
from app.services import complaints as svc
from app.services.outbound import Outbound
from core.errors import NotFound
from core.message import Button, OutgoingMessage

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/staff/complaints", tags=["complaints"])


class HistoryPublic(BaseModel):
    from_status: str | None
    to_status: str
    note: str
    author: str
    created_at: datetime


class ComplaintStaffView(BaseModel):
    ticket_code: str
    status: ComplaintStatus
    status_reason: str | None
    category: str
    category_name: str
    dinas_code: str
    dinas_name: str
    description: str
    address: str
    kelurahan: str | None
    kecamatan: str | None
    latitude: float | None
    longitude: float | None
    photo_url: str | None
    privacy: Privacy
    source: str
    reporter_name: str | None
    reporter_phone: str | None
    expected_date: date
    rating: int | None
    rating_comment: str | None
    flagged_for_review: bool
    created_at: datetime
    updated_at: datetime


class ComplaintDetail(ComplaintStaffView):
    history: list[HistoryPublic]


class StatusChange(BaseModel):
    status: ComplaintStatus
    note: str = Field(default="", max_length=2000)
    reason: str | None = Field(default=None, max_length=2000)


class DinasAssignment(BaseModel):
    dinas_code: str = Field(max_length=32)
    note: str = Field(default="", max_length=2000)


def _view(c: Complaint) -> ComplaintStaffView:
    table = svc.routing()
    hidden = c.privacy is Privacy.ANONIM  # identity hidden even from staff
    cat = table.categories.get(c.category)
    return ComplaintStaffView(
        ticket_code=c.ticket_code,
        status=c.status,
        status_reason=c.status_reason,
        category=c.category,
        category_name=cat.name if cat else c.category,
        dinas_code=c.dinas_code,
        dinas_name=table.dinas_name(c.dinas_code),
        description=c.description,
        address=c.address,
        kelurahan=c.kelurahan,
        kecamatan=c.kecamatan,
        latitude=c.latitude,
        longitude=c.longitude,
        photo_url=c.photo_url,
        privacy=c.privacy,
        source=c.source,
        reporter_name=None if hidden else c.reporter_name,
        reporter_phone=None if hidden else c.reporter_phone,
        expected_date=c.expected_date,
        rating=c.rating,
        rating_comment=c.rating_comment,
        flagged_for_review=c.flagged_for_review,
        created_at=c.created_at,
        updated_at=c.updated_at,
    )


def _load(db: SessionDep, user: StaffUser, code: str) -> Complaint:
    try:
        c = svc.get_by_code(db, code)
    except svc.ComplaintNotFound as error:  # the same answer as outside the officer's dinas
        raise NotFound("complaint not found") from error
    if user.dinas_code and c.dinas_code != user.dinas_code:
        raise NotFound("complaint not found")
    return c


FilterQuery = Annotated[list[ComplaintStatus] | None, Query(alias="status")]


def staff_filters(
    user: CurrentStaff,
    status_: FilterQuery = None,
    category: str | None = None,
    dinas_code: str | None = None,
    kelurahan: str | None = None,
    flagged: bool | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> svc.ComplaintFilters:
    """The list's filters from the query; a dinas officer sees only their dinas."""
    return svc.ComplaintFilters(
        status=status_ or (),
        category=category,
        dinas_code=user.dinas_code or dinas_code,
        kelurahan=kelurahan,
        flagged=flagged,
        q=q,
    )


Filters = Annotated[svc.ComplaintFilters, Depends(staff_filters)]


@router.get("", response_model=list[ComplaintStaffView])
def list_complaints(
    db: SessionDep,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[ComplaintStaffView]:
    f = replace(filters, limit=limit, offset=offset)
    return [_view(c) for c in svc.list_complaints(db, f)]


CSV_COLUMNS = [
    "ticket_code",
    "status",
    "category",
    "dinas_code",
    "kelurahan",
    "kecamatan",
    "address",
    "description",
    "privacy",
    "expected_date",
    "rating",
    "flagged_for_review",
    "created_at",
]


def _csv_cell(value: object) -> str:
    """Plain text for spreadsheets: a leading = + - @ cannot start a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


@router.get("/export.csv")
def export_csv(db: SessionDep, filters: Filters) -> Response:
    f = replace(filters, limit=100_000, offset=0)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for c in svc.list_complaints(db, f):
        row = _view(c).model_dump()
        writer.writerow([_csv_cell(row[k]) for k in CSV_COLUMNS])
    return Response(
        content=buf.getvalue().encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="pengaduan.csv"'},
    )


@router.get("/{code}", response_model=ComplaintDetail)
def get_complaint(code: str, db: SessionDep, user: CurrentStaff) -> ComplaintDetail:
    c = _load(db, user, code)
    hist = [HistoryPublic.model_validate(h, from_attributes=True) for h in svc.history(db, c)]
    return ComplaintDetail(**_view(c).model_dump(), history=hist)


def stage_notice(db: Session, outbound: Outbound, c: Complaint) -> list[str]:
    """Stage the new status for the reporter and followers in the change's transaction
    (the outbox); returns the rows' keys."""
    text = svc.status_update_text(c)
    buttons: list[Button] = []
    if c.status is ComplaintStatus.SELESAI:
        buttons = [
            Button(
                title=str(n),
                payload=f'/rate_service{{"ticket_code": "{c.ticket_code}", "rating": "{n}"}}',
            )
            for n in range(1, 6)
        ]
    keys: list[str] = []
    for conversation_id in svc.audience(db, c):
        message = OutgoingMessage(text=text, buttons=buttons)
        staged = outbound.stage(db, conversation_id, [message], cause=f"complaint:{c.ticket_code}")
        if staged is not None and staged.new:
            keys.append(staged.key)
    return keys


@router.post("/{code}/status", response_model=ComplaintDetail)
async def change_status(
    code: str, body: StatusChange, db: SessionDep, user: CurrentStaff, outbound: OutboundDep
) -> ComplaintDetail:
    keys: list[str] = []

    def change() -> Complaint:  # database work: in a worker thread
        c = _load(db, user, code)
        svc.change_status(  # InvalidTransition answers 409 with its key (app/api/errors.py)
            db,
            c,
            to=body.status,
            author=user.username,
            note=body.note,
            reason=body.reason,
            announce=lambda s, c: keys.extend(stage_notice(s, outbound, c)),
        )
        return c

    c = await run_in_threadpool(change)
    delivered = await outbound.deliver(keys)
    log.info("complaint %s: status pushed to %d conversation(s)", c.ticket_code, delivered)
    return await run_in_threadpool(get_complaint, code, db, user)


@router.post("/{code}/assign", response_model=ComplaintDetail)
def assign(
    code: str,
    body: DinasAssignment,
    db: SessionDep,
    user: Annotated[StaffUser, Depends(require_role(StaffRole.SUPERVISOR))],
) -> ComplaintDetail:
    c = _load(db, user, code)
    # InvalidComplaintInput answers 422 with its key (app/api/errors.py)
    svc.assign_dinas(db, c, dinas_code=body.dinas_code, author=user.username, note=body.note)
    return get_complaint(code, db, user)
