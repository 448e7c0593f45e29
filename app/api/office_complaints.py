"""The workbench's API (``/api/office``): the queue with its filters, one complaint with
history, photo, duplicates nearby and what may be done next, the actions (verify, assign,
status with a note, merge, reject) one at a time or in bulk, and the lists the filters
offer. A dinas officer sees and acts on their dinas only (404 outside it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.api.deps import OutboundDep, SessionDep, SettingsDep
from app.api.office_auth import OfficeStaff, in_scope, not_found
from app.api.office_filters import Filters
from app.models import Complaint, ComplaintStatus, Privacy, StaffUser
from app.services import complaint_queue as queue
from app.services import complaint_workflow as wf
from app.services import complaints as svc
from app.services import staff as staff_service
from app.services.media import MediaRejected, media_path
from app.services.outbound import Outbound
from app.services.sla import sla_of, today_local
from core.errors import InvalidInput, NotFound
from core.texts import section

router = APIRouter(prefix="/api/office", tags=["office"])

MAX_BULK = 200
SNIPPET_CHARS = 160


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def staff_names(db: Session) -> dict[int, str]:
    return staff_service.staff_names(db)


def row(c: Complaint, today: date, names: dict[int, str]) -> dict[str, Any]:
    """One line of the queue (and of the CSV export)."""
    table = svc.routing()
    cat = table.categories.get(c.category)
    sla = sla_of(c, today)
    text = c.description if len(c.description) <= SNIPPET_CHARS else c.description[:SNIPPET_CHARS]
    return {
        "ticket_code": c.ticket_code,
        "status": c.status.value,
        "category": c.category,
        "category_name": cat.name if cat else c.category,
        "dinas_code": c.dinas_code,
        "kelurahan": c.kelurahan,
        "kecamatan": c.kecamatan,
        "channel": queue.channel_of(c),
        "privacy": c.privacy.value,
        "summary": text,
        "address": c.address,
        "created_at": _iso(c.created_at),
        "expected_date": _iso(c.expected_date),
        "sla": {"state": sla.state.value, "days": sla.days, "label": sla.label},
        "flagged": c.flagged_for_review,
        "assigned_staff_id": c.assigned_staff_id,
        "assigned_to": names.get(c.assigned_staff_id) if c.assigned_staff_id else None,
        "merged_into_id": c.merged_into_id,
        "has_location": c.latitude is not None and c.longitude is not None,
    }


@router.get("/meta")
def meta(db: SessionDep, user: OfficeStaff) -> dict[str, Any]:
    """What the filters and forms offer; staff an officer may assign to (their scope)."""
    table = svc.routing()
    city = svc.city()
    data = section("office")
    officers = [
        {"id": u.id, "name": u.full_name or u.username, "dinas_code": u.dinas_code}
        for u in staff_service.active_staff(db)
        if not user.dinas_code or u.dinas_code in (None, user.dinas_code)
    ]
    return {
        "statuses": data["statuses"],
        "transitions": {s.value: [t.value for t in svc.TRANSITIONS[s]] for s in ComplaintStatus},
        "needs_reason": [s.value for s in svc.NEEDS_REASON],
        "privacy": data["privacy"],
        "channels": data["channels"],
        "categories": [
            {"code": c.code, "name": c.name, "dinas_code": c.dinas, "sla_days": c.sla_days}
            for c in table.categories.values()
        ],
        "dinas": [
            {"code": code, "name": name}
            for code, name in table.dinas.items()
            if not user.dinas_code or code == user.dinas_code
        ],
        "kelurahan": [{"name": k.name, "kecamatan": k.kecamatan} for k in city.kelurahan],
        "staff": officers,
        "me": {"id": user.id, "role": user.role.value, "dinas_code": user.dinas_code},
    }


@router.get("/complaints")
def list_queue(
    db: SessionDep,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    today = filters.today or today_local()
    names = staff_names(db)
    items = queue.fetch(db, filters, limit=limit, offset=offset)
    return {
        "total": queue.count(db, filters),
        "limit": limit,
        "offset": offset,
        "today": today.isoformat(),
        "items": [row(c, today, names) for c in items],
    }


def load(db: Session, user: StaffUser, code: str) -> Complaint:
    try:
        c = svc.get_by_code(db, code)
    except svc.ComplaintNotFound as error:
        raise not_found() from error
    if not in_scope(user, c.dinas_code):
        raise not_found()
    return c


def _reporter(c: Complaint) -> dict[str, Any] | None:
    """The reporter's contact, only where their privacy choice allows it (an anonymous
    report's identity is hidden even from staff, as in the staff API)."""
    if c.privacy is Privacy.ANONIM:
        return None
    if not (c.reporter_name or c.reporter_phone or c.reporter_email):
        return None
    return {"name": c.reporter_name, "phone": c.reporter_phone, "email": c.reporter_email}


def detail(db: Session, user: StaffUser, c: Complaint) -> dict[str, Any]:
    today = today_local()
    names = staff_names(db)
    place = svc.PlaceInfo(c.address, c.kelurahan, c.kecamatan, c.latitude, c.longitude)
    duplicates = [
        row(d, today, names)
        for d in svc.find_duplicates(db, category=c.category, place=place, exclude_id=c.id)
        if in_scope(user, d.dinas_code) and d.merged_into_id is None
    ]
    merged_into, merged_from = svc.merged_links(db, c)
    return {
        **row(c, today, names),
        "description": c.description,
        "status_reason": c.status_reason,
        "dinas_name": svc.routing().dinas_name(c.dinas_code),
        "latitude": c.latitude,
        "longitude": c.longitude,
        "source": c.source,
        "rating": c.rating,
        "rating_comment": c.rating_comment,
        "updated_at": _iso(c.updated_at),
        "photo": bool(c.photo_url),
        "photo_external_url": c.photo_url if c.photo_url and "://" in c.photo_url else None,
        "reporter": _reporter(c),
        "followers": max(0, len(svc.audience(db, c)) - (1 if c.reporter_conversation_id else 0)),
        "merged_into": merged_into.ticket_code if merged_into else None,
        "merged_from": merged_from,
        "next_statuses": [s.value for s in svc.TRANSITIONS[c.status]],
        "duplicates": duplicates,
        "history": [
            {
                "from_status": h.from_status,
                "to_status": h.to_status,
                "note": h.note,
                "author": h.author,
                "created_at": _iso(h.created_at),
            }
            for h in svc.history(db, c)
        ],
    }


@router.get("/complaints/{code}")
def get_one(code: str, db: SessionDep, user: OfficeStaff) -> dict[str, Any]:
    return detail(db, user, load(db, user, code))


@router.get("/complaints/{code}/photo")
def photo(code: str, db: SessionDep, user: OfficeStaff, settings: SettingsDep) -> FileResponse:
    c = load(db, user, code)
    if not c.photo_url or not c.photo_url.startswith("media/"):
        raise not_found()
    try:
        path = media_path(settings.runtime_dir, c.photo_url)
    except MediaRejected as error:
        raise not_found() from error
    if not path.is_file():
        raise not_found()
    return FileResponse(path, headers={"Cache-Control": "private, no-store"})


class ActionBody(BaseModel):
    action: wf.Action
    status: ComplaintStatus | None = None
    note: str = Field(default="", max_length=wf.NOTE_MAX_CHARS)
    reason: str | None = Field(default=None, max_length=wf.NOTE_MAX_CHARS)
    dinas_code: str | None = Field(default=None, max_length=32)
    staff_id: int | None = None
    target: str | None = Field(default=None, max_length=40)  # merge: the ticket kept


class BulkBody(ActionBody):
    codes: list[str] = Field(min_length=1, max_length=MAX_BULK)


def apply(db: Session, user: StaffUser, c: Complaint, body: ActionBody, out: wf.Outbox) -> None:
    match body.action:
        case wf.Action.VERIFY:
            wf.verify(db, user, c, out)
        case wf.Action.STATUS:
            if body.status is None:
                raise wf.WorkflowError("status_required", 422)
            wf.change_status(db, user, c, out, to=body.status, note=body.note, reason=body.reason)
        case wf.Action.REJECT:
            wf.reject(db, user, c, out, reason=body.reason or "")
        case wf.Action.ASSIGN_DINAS:
            wf.assign_dinas(db, user, c, out, dinas_code=body.dinas_code or "", note=body.note)
        case wf.Action.ASSIGN_STAFF:
            wf.assign_staff(db, user, c, staff_id=body.staff_id)
        case wf.Action.MERGE:
            try:
                target = svc.get_by_code(db, body.target or "")
            except svc.ComplaintNotFound as error:
                raise wf.WorkflowError("not_found", 404) from error
            wf.merge(db, user, c, target, out)
    db.commit()  # messages staged after the change's own commit (a new dinas)


async def push(outbound: Outbound, outbox: wf.Outbox) -> int:
    """Deliver the messages the change staged in the outbox (the worker retries the rest)."""
    return await outbound.deliver(outbox.keys)


@router.post("/complaints/{code}/actions")
async def act(
    code: str, body: ActionBody, db: SessionDep, user: OfficeStaff, outbound: OutboundDep
) -> dict[str, Any]:
    outbox = wf.Outbox()

    def run() -> None:
        c = load(db, user, code)
        try:
            apply(db, user, c, body, outbox)
        except wf.WorkflowError:
            db.rollback()
            raise  # answered with its status and key (app/api/errors.py)

    await run_in_threadpool(run)
    delivered = await push(outbound, outbox)
    result = await run_in_threadpool(lambda: detail(db, user, load(db, user, code)))
    return {**result, "delivered": delivered}


@router.post("/complaints/bulk")
async def bulk(
    body: BulkBody, db: SessionDep, user: OfficeStaff, outbound: OutboundDep
) -> dict[str, Any]:
    """The same action on many tickets; each succeeds or fails on its own."""
    outbox = wf.Outbox()
    if body.action is wf.Action.MERGE and body.target in body.codes:
        raise InvalidInput("merge_same")

    def run() -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        for code in dict.fromkeys(body.codes):
            try:
                c = load(db, user, code)
                apply(db, user, c, body, outbox)
            except NotFound:
                results.append({"ticket_code": code, "ok": False, "error": "not_found"})
            except wf.WorkflowError as error:
                db.rollback()
                results.append({"ticket_code": code, "ok": False, "error": error.key})
            else:
                results.append({"ticket_code": code, "ok": True, "error": None})
        return results

    results = await run_in_threadpool(run)
    delivered = await push(outbound, outbox)
    return {
        "results": results,
        "done": sum(1 for r in results if r["ok"]),
        "failed": sum(1 for r in results if not r["ok"]),
        "delivered": delivered,
    }
