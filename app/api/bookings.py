"""The calendar file of a booking: ``GET /api/bookings/{code}.ics?t=<signature>``.

The link (its signature: ``app/services/calendar_links.py``) is handed to the citizen in chat;
a guessed code alone does not reveal someone's booking.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.api.deps import FacilitiesDep, SessionDep, SettingsDep
from app.services import bookings as svc
from app.services.calendar_links import ICS_PREFIX, signature_ok
from core.errors import NotFound

router = APIRouter(prefix=ICS_PREFIX, tags=["bookings"])


@router.get("/{code}.ics", response_class=Response)
def booking_ics(
    code: str, t: str, db: SessionDep, settings: SettingsDep, facilities: FacilitiesDep
) -> Response:
    if not signature_ok(code, settings.secret_key, t):
        raise NotFound("not found")
    booking = svc.get_by_code(db, code)  # BookingNotFound (404) if there is none
    return Response(
        svc.ics_for(facilities, booking),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{code}.ics"'},
    )
