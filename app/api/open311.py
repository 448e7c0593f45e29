"""Open311 GeoReport v2, JSON format, under ``/open311/v2/``.

Endpoints: ``discovery.json``, ``services.json``, ``services/{code}.json``,
``requests.json`` (GET with the spec's filters; POST form-urlencoded with ``api_key``) and
``requests/{id}.json``. Field names are the spec's; errors are
``[{"code": <http status>, "description": "..."}]``; status is only ``open``/``closed``.
Reports marked *rahasia* are never published here; personal data never is. Anonymous
reports are published edited: no raw description (numbers, e-mail addresses and NIK tokens
masked, shortened), the location rounded to about 100 m and the kelurahan instead of the
address. Only ``http(s)`` media URLs are published or accepted. A query by ids keeps the
90-day window.
"""

from __future__ import annotations

import hmac
import logging
import re
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.api.deps import SessionDep, SettingsDep
from app.config import Settings
from app.models import Complaint, ComplaintStatus, Privacy
from app.services import complaints as svc
from core.texts import lookup, t

log = logging.getLogger(__name__)

router = APIRouter(prefix="/open311/v2", tags=["open311"])

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-23T00:00:00Z"
MAX_RANGE_DAYS = 90
MAX_RECORDS = 1000
OPEN = [s for s in ComplaintStatus if not s.is_closed]
CLOSED = [s for s in ComplaintStatus if s.is_closed]


def error(code: int, description: str) -> JSONResponse:
    return JSONResponse([{"code": code, "description": description}], status_code=code)


def _fmt_ok(fmt: str) -> JSONResponse | None:
    if fmt != "json":
        return error(400, f"format '{fmt}' is not supported; use .json")
    return None


def _iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.isoformat(timespec="seconds")


def _parse_dt(value: str) -> datetime:
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _service(cat: svc.Category) -> dict[str, Any]:
    return {
        "service_code": cat.code,
        "service_name": cat.name,
        "description": f"{cat.name}. Ditangani {svc.routing().dinas_name(cat.dinas)}; "
        f"target {cat.sla_days} hari kerja.",
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(cat.keywords),
        "group": cat.group,
    }


ANON_COORD_DECIMALS = 3  # about 110 m
ANON_DESCRIPTION_CHARS = 280
_MASKABLE = re.compile(r"NIK#[0-9a-f]{32}#\d{4}#[vx]|\S+@\S+|\+?\d[\d .\-]{4,}\d")


def public_media_url(url: str | None) -> str | None:
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def edited_description(text: str) -> str:
    """An anonymous report's text as the public sees it."""
    edited = _MASKABLE.sub("[...]", text)
    if len(edited) > ANON_DESCRIPTION_CHARS:
        edited = edited[:ANON_DESCRIPTION_CHARS].rsplit(" ", 1)[0] + " ..."
    return f"{edited} {svc.texts()['open311_edited_note']}"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, ANON_COORD_DECIMALS)


def _request(c: Complaint) -> dict[str, Any]:
    table = svc.routing()
    cat = table.categories.get(c.category)
    closed = c.status.is_closed
    notes = svc.status_label(c.status)
    if c.status_reason:
        notes += f": {c.status_reason}"
    out: dict[str, Any] = {
        "service_request_id": c.ticket_code,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": cat.name if cat else c.category,
        "service_code": c.category,
        "description": c.description,
        "agency_responsible": table.dinas_name(c.dinas_code),
        "service_notice": t(
            "complaints.open311.service_notice", date=svc.format_date(c.expected_date)
        ),
        "requested_datetime": _iso(c.created_at),
        "updated_datetime": _iso(c.updated_at),
        "expected_datetime": _iso(datetime.combine(c.expected_date, time(17, 0), tzinfo=UTC)),
        "address": c.address,
        "address_id": None,
        "zipcode": None,
        "lat": c.latitude,
        "long": c.longitude,
        "media_url": public_media_url(c.photo_url),
    }
    if c.privacy is Privacy.ANONIM:
        area = ", ".join(x for x in (c.kelurahan, c.kecamatan) if x)
        out.update(
            description=edited_description(c.description),
            address=area or None,
            lat=_round(c.latitude),
            long=_round(c.longitude),
        )
    return out


@router.get("/discovery.{fmt}")
def discovery(fmt: str, request: Request, settings: SettingsDep) -> JSONResponse:
    if (bad := _fmt_ok(fmt)) is not None:
        return bad
    base = str(request.url_for("services", fmt="json")).rsplit("/", 1)[0] + "/"
    return JSONResponse(
        {
            "changeset": CHANGESET,
            "contact": settings.open311_contact,
            "key_service": settings.open311_contact,
            "endpoints": [
                {
                    "specification": SPEC_URL,
                    "url": base,
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["application/json"],
                }
            ],
        }
    )


@router.get("/services.{fmt}", name="services")
def services(fmt: str) -> JSONResponse:
    if (bad := _fmt_ok(fmt)) is not None:
        return bad
    return JSONResponse([_service(c) for c in svc.routing().categories.values()])


@router.get("/services/{service_code}.{fmt}")
def service_definition(service_code: str, fmt: str) -> JSONResponse:
    if (bad := _fmt_ok(fmt)) is not None:
        return bad
    if service_code not in svc.routing().categories:
        return error(404, f"service_code '{service_code}' not found")
    return JSONResponse(
        {
            "service_code": service_code,
            "attributes": [
                {
                    "variable": True,
                    "code": "privacy",
                    "datatype": "singlevaluelist",
                    "required": False,
                    "datatype_description": t("complaints.open311.privacy_datatype"),
                    "order": 1,
                    "description": t("complaints.open311.privacy_description"),
                    "values": [
                        {"key": key, "name": name}
                        for key, name in lookup("complaints.summary.privacy").items()
                    ],
                }
            ],
        }
    )


@router.get("/requests.{fmt}")
def get_requests(fmt: str, request: Request, db: SessionDep) -> JSONResponse:
    if (bad := _fmt_ok(fmt)) is not None:
        return bad
    q = request.query_params
    filters = svc.ComplaintFilters(exclude_private=True, limit=MAX_RECORDS)
    ids = [i.strip() for i in (q.get("service_request_id") or "").split(",") if i.strip()]
    if ids:  # overrides every other filter, not the default window (no old-record crawl)
        filters.codes = [svc.parse_ticket_code(i) or i for i in ids]
        filters.start = datetime.now(UTC) - timedelta(days=MAX_RANGE_DAYS)
    else:
        if code := q.get("service_code"):
            filters.category = code
        if st := q.get("status"):
            wanted = {s.strip() for s in st.split(",")}
            if not wanted <= {"open", "closed"}:
                return error(400, "status must be 'open' or 'closed'")
            filters.status = (OPEN if "open" in wanted else []) + (
                CLOSED if "closed" in wanted else []
            )
        try:
            start = _parse_dt(q["start_date"]) if q.get("start_date") else None
            end = _parse_dt(q["end_date"]) if q.get("end_date") else None
        except ValueError:
            return error(400, "start_date and end_date must be ISO-8601 datetimes")
        if start and end and end - start > timedelta(days=MAX_RANGE_DAYS):
            return error(400, "start_date and end_date may be at most 90 days apart")
        if start and end and end < start:
            return error(400, "end_date is before start_date")
        if start is None and end is None:
            start = datetime.now(UTC) - timedelta(days=MAX_RANGE_DAYS)
        elif start is None and end is not None:
            start = end - timedelta(days=MAX_RANGE_DAYS)
        filters.start, filters.end = start, end
    return JSONResponse([_request(c) for c in svc.list_complaints(db, filters)])


@router.get("/requests/{request_id}.{fmt}")
def get_request(request_id: str, fmt: str, db: SessionDep) -> JSONResponse:
    if (bad := _fmt_ok(fmt)) is not None:
        return bad
    try:
        c = svc.get_by_code(db, request_id)
    except svc.ComplaintNotFound:
        return error(404, f"service_request_id '{request_id}' not found")
    created = c.created_at if c.created_at.tzinfo else c.created_at.replace(tzinfo=UTC)
    too_old = created < datetime.now(UTC) - timedelta(days=MAX_RANGE_DAYS)
    if c.privacy is Privacy.RAHASIA or too_old:
        return error(404, f"service_request_id '{request_id}' not found")
    return JSONResponse([_request(c)])


@router.post("/requests.{fmt}")
async def post_request(
    fmt: str, request: Request, db: SessionDep, settings: SettingsDep
) -> JSONResponse:
    if (bad := _fmt_ok(fmt)) is not None:
        return bad
    form = await request.form()
    data = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    key = data.get("api_key", "")
    if not key or not any(hmac.compare_digest(key, k) for k in settings.open311_api_keys):
        log.warning("open311 POST refused: missing or unknown api_key")
        return error(403, "api_key is missing or not valid")
    # the rest reads and writes the database (and may geocode): in a worker thread
    return await run_in_threadpool(_file_request, data, db, settings)


def _file_request(data: dict[str, str], db: Session, settings: Settings) -> JSONResponse:
    code = data.get("service_code", "")
    if not code:
        return error(400, "service_code is required")
    if code not in svc.routing().categories:
        return error(404, f"service_code '{code}' not found")
    try:
        if data.get("lat") or data.get("long"):
            place = svc.place_from_point(
                float(data.get("lat", "")), float(data.get("long", "")), data.get("address_string")
            )
        elif data.get("address_string"):
            place = svc.place_from_text(data["address_string"])
        else:
            return error(400, "a location is required: lat and long, or address_string")
        privacy = Privacy(data.get("attribute[privacy]", "biasa"))
        if data.get("media_url") and public_media_url(data["media_url"]) is None:
            return error(400, "media_url must be an http(s) URL")
        name = " ".join(x for x in (data.get("first_name"), data.get("last_name")) if x) or None
        complaint = svc.create_complaint(
            db,
            svc.ComplaintDraft(
                category=code,
                description=data.get("description", ""),
                place=place,
                privacy=privacy,
                photo_url=data.get("media_url") or None,
                reporter_name=name,
                reporter_phone=data.get("phone") or None,
                reporter_email=data.get("email") or None,
                source="open311",
            ),
            secret_key=settings.secret_key,
        )
    except ValueError as bad_value:
        return error(400, f"invalid value: {bad_value}")
    except svc.InvalidComplaintInput as bad_input:
        return error(400, f"{bad_input.field}: {bad_input.key}")
    due = svc.format_date(complaint.expected_date)
    return JSONResponse(
        [
            {
                "service_request_id": complaint.ticket_code,
                "service_notice": t("complaints.open311.service_notice", date=due),
                "account_id": None,
            }
        ]
    )
