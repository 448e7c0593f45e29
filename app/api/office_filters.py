"""The filters every workbench view shares (queue, map, GeoJSON, CSV, bulk selection),
read from the query string as one dependency; the dinas filter is scoped server-side."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from app.api.office_auth import OfficeStaff, dinas_scope
from app.models import ComplaintStatus
from app.services.complaint_queue import QueueFilters
from app.services.sla import today_local


def queue_filters(
    user: OfficeStaff,
    status_: Annotated[list[ComplaintStatus] | None, Query(alias="status")] = None,
    open_only: Annotated[bool, Query(alias="open")] = False,
    category: Annotated[str | None, Query(max_length=40)] = None,
    dinas_code: Annotated[str | None, Query(alias="dinas", max_length=32)] = None,
    kelurahan: Annotated[str | None, Query(max_length=80)] = None,
    channel: Annotated[str | None, Query(max_length=16)] = None,
    overdue: bool = False,
    flagged: bool | None = None,
    assigned: Annotated[str | None, Query(max_length=12)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> QueueFilters:
    """``assigned``: "me", "none" or an officer's id."""
    staff_id: int | None = None
    if assigned == "me":
        staff_id = user.id
    elif assigned and assigned.isdigit():
        staff_id = int(assigned)
    return QueueFilters(
        status=status_ or (),
        open_only=open_only,
        category=category or None,
        dinas_code=dinas_scope(user, dinas_code),
        kelurahan=kelurahan or None,
        channel=channel or None,
        overdue=overdue,
        flagged=flagged,
        assigned_staff_id=staff_id,
        unassigned=assigned == "none",
        q=q,
        today=today_local(),
    )


Filters = Annotated[QueueFilters, Depends(queue_filters)]
