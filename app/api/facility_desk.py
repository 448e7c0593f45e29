"""Staff API of the facility desk (``/office/fasilitas.html``): the facilities and the
page's words, a day or week calendar per facility, staff closures (list; remove:
supervisor; adding is ``POST /api/staff/bookings/{facility}/closures``), and check-in of a
booking code (any staff account)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.api.deps import CtxDep, FacilitiesDep, OutboundDep, SessionDep
from app.api.staff_auth import CurrentStaff, require_role
from app.db import in_session
from app.models import Booking, StaffRole, StaffUser
from app.services import bookings as booking_service
from app.services import facility_desk as svc
from app.services.bookings.reminders import message
from core.lang.when import TZ, format_date

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/staff/facility-desk", tags=["staff", "bookings"])
Supervisor = Annotated[StaffUser, Depends(require_role(StaffRole.SUPERVISOR))]


class CheckInRequest(BaseModel):
    code: str = Field(min_length=3, max_length=40)


@router.get("")
def desk(facilities: FacilitiesDep, _user: CurrentStaff) -> dict[str, Any]:
    return {
        "facilities": [
            {"id": f.id, "name": f.name, "location": f.location, "hours": f.hours_text()}
            for f in facilities.facilities
        ],
        "texts": svc.texts(),
        "today": datetime.now(TZ).date().isoformat(),
    }


@router.get("/{facility_id}/calendar")
def calendar(
    facility_id: str,
    db: SessionDep,
    facilities: FacilitiesDep,
    _user: CurrentStaff,
    day: date | None = None,
    view: Annotated[Literal["day", "week"], Query()] = "day",
) -> dict[str, Any]:
    return svc.calendar(db, facilities, facility_id, day or datetime.now(TZ).date(), view)


@router.get("/{facility_id}/closures")
def closures(
    facility_id: str,
    db: SessionDep,
    facilities: FacilitiesDep,
    _user: CurrentStaff,
    since: date | None = None,
) -> list[dict[str, Any]]:
    rows = svc.staff_closures(db, facilities, facility_id, since or datetime.now(TZ).date())
    return [
        {
            "day": c.day.isoformat(),
            "label": format_date(c.day),
            "reason": c.reason,
            "by": c.created_by,
        }
        for c in rows
    ]


@router.delete("/{facility_id}/closures/{day}")
async def remove_closure(
    facility_id: str, day: date, ctx: CtxDep, outbound: OutboundDep, user: Supervisor
) -> dict[str, Any]:
    keys: list[str] = []

    def announce(session: Session, booking: Booking) -> None:  # with the reopening
        said = [message(ctx.facilities, booking, "app.booking_reopened_day")]
        staged = outbound.stage(session, booking.owner_id, said, cause=f"booking:{booking.code}")
        keys.extend([staged.key] if staged and staged.new else [])

    def work(session: Session) -> list[str]:  # one transaction: the reopening, its messages
        unflagged = svc.remove_closure(
            session, ctx.facilities, facility_id, day, by=user.username, announce=announce
        )
        session.commit()
        return [b.code for b in unflagged]

    unflagged = await in_session(ctx.engine, work)
    told = await outbound.deliver(keys)
    return {
        "facility_id": facility_id,
        "day": day.isoformat(),
        "unflagged": unflagged,
        "owners_told": told,
    }


@router.post("/check-in")
def check_in(
    body: CheckInRequest, db: SessionDep, facilities: FacilitiesDep, user: CurrentStaff
) -> dict[str, Any]:
    booking = svc.check_in(db, body.code, by=user.username)
    db.commit()
    fac = facilities.get(booking.facility_id)
    return {
        **svc.booking_row(booking),
        "facility": fac.name if fac else booking.facility_id,
        "date": format_date(booking_service.as_utc(booking.start_at).astimezone(TZ).date()),
    }
