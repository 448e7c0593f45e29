"""Service-quality figures: ``GET /api/staff/analytics/summary`` (staff; a dinas officer
gets their dinas's complaints and no assistant figures; others may pick a dinas) and the
public index ``GET /api/public/index`` (no sign-in, aggregates only, rate-limited per
client IP), whose page ``/office/indeks.html`` is also reached at ``/indeks``."""

from __future__ import annotations

import logging
from datetime import date
from types import MappingProxyType
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from app.api.deps import FacilitiesDep, SessionDep
from app.api.office_auth import dinas_scope
from app.api.staff_auth import CurrentStaff
from app.ratelimit import limits_of
from app.services import analytics as svc
from app.services import complaints as complaint_service
from app.services.analytics_assistant import assistant_summary
from app.services.analytics_public import public_index
from core.errors import InvalidInput, TooManyRequests

log = logging.getLogger(__name__)

router = APIRouter(tags=["analytics"])


class RateLimited(TooManyRequests):
    headers = MappingProxyType({"Retry-After": "60"})


def _period(start: date | None, end: date | None) -> svc.Period:
    try:
        return svc.Period.parse(start, end, svc.today_local())
    except svc.PeriodError as error:
        raise InvalidInput(str(error)) from error


@router.get("/api/staff/analytics/summary")
def summary(
    db: SessionDep,
    facilities: FacilitiesDep,
    user: CurrentStaff,
    start: date | None = None,
    end: date | None = None,
    dinas_code: Annotated[str | None, Query(max_length=32)] = None,
) -> dict[str, Any]:
    """A supervisor may narrow to one dinas; a dinas officer always gets their own."""
    period = _period(start, end)
    table = complaint_service.routing()
    dinas = dinas_scope(user, dinas_code)
    if dinas and dinas not in table.dinas:
        raise InvalidInput("dinas_unknown")
    facts = svc.complaint_facts(db, period, dinas)
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "dinas_code": dinas,
        "dinas_name": table.dinas_name(dinas) if dinas else None,
        "dinas_options": None if user.dinas_code else table.dinas,
        **svc.complaint_summary(facts, svc.today_local()),
        "assistant": None if user.dinas_code else assistant_summary(db, period, facilities),
        "labels": svc.labels(),
    }


@router.get("/indeks", include_in_schema=False)
def public_page(request: Request) -> RedirectResponse:
    """The short address to publish: the index page of the back office (no sign-in)."""
    query = request.url.query
    return RedirectResponse("/office/indeks.html" + (f"?{query}" if query else ""))


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/api/public/index")
def public(
    request: Request,
    db: SessionDep,
    facilities: FacilitiesDep,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Any]:
    rule = str(svc.labels()["public_rate_per_ip"])
    if not limits_of(request.app.state).allow(rule, "ip", "public-index", _client_ip(request)):
        raise RateLimited("rate_limited")
    period = _period(start, end)
    index = public_index(db, period, svc.today_local(), facilities)
    return {**index, "labels": _public_labels()}


def _public_labels() -> dict[str, Any]:
    cfg = svc.labels()
    keep = ("figures", "groups", "assistant", "suppressed", "other_groups", "public_title", "page")
    return {k: cfg[k] for k in keep}
