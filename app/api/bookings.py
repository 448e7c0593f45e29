"""The calendar file of a booking: ``GET /api/bookings/{code}.ics?t=<signature>``.

The link is handed to the citizen in chat; the signature (the app's secret key) means a
guessed code alone does not reveal someone's booking.
"""

from __future__ import annotations

import hmac
from hashlib import sha256

from fastapi import APIRouter, HTTPException, Response, status

from app.api.deps import SessionDep, SettingsDep
from app.services import bookings as svc

router = APIRouter(prefix="/api/bookings", tags=["bookings"])


def _signature(code: str, secret: str) -> str:
    return hmac.new(secret.encode(), f"ics:{code}".encode(), sha256).hexdigest()[:24]


def ics_path(code: str, secret: str) -> str:
    return f"/api/bookings/{code}.ics?t={_signature(code, secret)}"


@router.get("/{code}.ics", response_class=Response)
def booking_ics(code: str, t: str, db: SessionDep, settings: SettingsDep) -> Response:
    if not hmac.compare_digest(t, _signature(code, settings.secret_key)):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found")
    booking = svc.get_by_code(db, code)
    if booking is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found")
    return Response(
        svc.ics_for(booking),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{code}.ics"'},
    )
