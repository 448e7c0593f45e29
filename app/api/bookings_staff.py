"""Staff API for facility bookings: the day's bookings per facility, cancelling with a
reason (the citizen is told), closing a facility on a date (bookings flagged, owners told).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.api.deps import CtxDep, FacilitiesDep, OutboundDep, SessionDep
from app.api.staff_auth import CurrentStaff, require_role
from app.db import in_session
from app.models import Booking, BookingPublic, StaffRole, StaffUser
from app.services import bookings as svc
from app.services.bookings.reminders import message
from core.errors import NotFound

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/staff/bookings", tags=["staff", "bookings"])
Supervisor = Annotated[StaffUser, Depends(require_role(StaffRole.SUPERVISOR))]


class FacilityPublic(BaseModel):
    id: str
    name: str
    type: str
    location: str
    capacity: int
    fee: str
    hours: str


class CancelRequest(BaseModel):
    reason: str = Field(min_length=3, max_length=300)


class CancelResponse(BaseModel):
    booking: BookingPublic
    citizen_told: bool


class ClosureRequest(BaseModel):
    day: date
    reason: str = Field(min_length=3, max_length=300)


class ClosureResponse(BaseModel):
    facility_id: str
    day: date
    reason: str
    flagged: list[BookingPublic]
    owners_told: int


def _public(booking: object) -> BookingPublic:
    return BookingPublic.model_validate(booking, from_attributes=True)


@router.get("/facilities", response_model=list[FacilityPublic])
def facilities(catalogue: FacilitiesDep, _user: CurrentStaff) -> list[FacilityPublic]:
    return [
        FacilityPublic(
            id=f.id,
            name=f.name,
            type=f.type,
            location=f.location,
            capacity=f.capacity,
            fee=f.fee.describe(),
            hours=f.hours_text(),
        )
        for f in catalogue.facilities
    ]


@router.get("/{facility_id}/{day}", response_model=list[BookingPublic])
def day_bookings(
    facility_id: str, day: date, db: SessionDep, facilities: FacilitiesDep, _user: CurrentStaff
) -> list[BookingPublic]:
    if facilities.get(facility_id) is None:
        raise NotFound("unknown facility")
    return [_public(b) for b in svc.bookings_on(db, facility_id, day)]


@router.post("/{code}/cancel", response_model=CancelResponse)
async def cancel_booking(
    code: str, body: CancelRequest, ctx: CtxDep, outbound: OutboundDep, user: Supervisor
) -> CancelResponse:
    keys: list[str] = []

    def announce(session: Session, booking: Booking) -> None:  # with the cancellation
        said = [
            message(ctx.facilities, booking, "app.booking_cancelled_by_staff", reason=body.reason)
        ]
        staged = outbound.stage(session, booking.owner_id, said, cause=f"booking:{code}")
        keys.extend([staged.key] if staged and staged.new else [])

    def work(session: Session) -> Booking:  # one transaction: the cancellation and its message
        booking = svc.cancel(
            session, code, owner_id=None, by=user.username, reason=body.reason, announce=announce
        )
        session.commit()
        session.refresh(booking)
        return booking

    # a refusal (BookingError: 404 not_found, else 409) answers with its code (app/api/errors)
    booking = await in_session(ctx.engine, work)
    told = bool(await outbound.deliver(keys))
    log.info("staff %s cancelled %s: %s (citizen told: %s)", user.username, code, body.reason, told)
    return CancelResponse(booking=_public(booking), citizen_told=told)


@router.post("/{facility_id}/closures", response_model=ClosureResponse)
async def add_closure(
    facility_id: str,
    body: ClosureRequest,
    ctx: CtxDep,
    outbound: OutboundDep,
    user: Supervisor,
) -> ClosureResponse:
    if ctx.facilities.get(facility_id) is None:
        raise NotFound("unknown facility")
    keys: list[str] = []

    def announce(session: Session, booking: Booking) -> None:  # with the closure
        said = [message(ctx.facilities, booking, "app.booking_closed_day", reason=body.reason)]
        staged = outbound.stage(session, booking.owner_id, said, cause=f"booking:{booking.code}")
        keys.extend([staged.key] if staged and staged.new else [])

    def work(session: Session) -> list[Booking]:  # one transaction: the closure, its messages
        _closure, flagged = svc.add_closure(
            session,
            ctx.facilities,
            facility_id,
            body.day,
            reason=body.reason,
            by=user.username,
            announce=announce,
        )
        session.commit()
        for booking in flagged:
            session.refresh(booking)
        return flagged

    flagged = await in_session(ctx.engine, work)
    told = await outbound.deliver(keys)
    return ClosureResponse(
        facility_id=facility_id,
        day=body.day,
        reason=body.reason,
        flagged=[_public(b) for b in flagged],
        owners_told=told,
    )
