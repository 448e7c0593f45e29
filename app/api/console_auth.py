"""Console sign-in, sessions and CSRF (part of the console API, ``/api/console``).

``POST /api/console/login`` checks the staff account (Argon2) and opens a server-side session;
the browser gets its id signed (itsdangerous) in an HttpOnly, SameSite=Strict cookie (Secure in
production and over HTTPS). Every state-changing request must carry the session's CSRF token in
``X-CSRF-Token`` and, when the browser sends one, an ``Origin`` of this host.
"""

from __future__ import annotations

import hmac
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.api.deps import SessionDep, SettingsDep
from app.api.staff_auth import slowed_sign_in
from app.config import Settings
from app.models import ConsoleSession, StaffRole, StaffUser
from app.ratelimit import limits_of
from app.services import console_desk as desk
from app.services import staff as staff_service
from core.errors import Forbidden, Unauthorized

log = logging.getLogger(__name__)

router = APIRouter()

COOKIE = "halo_console"
COOKIE_SALT = "halo-console-session"
SESSION_HOURS = 12
CONSOLE_ROLES = desk.CONSOLE_ROLES
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=COOKIE_SALT)


def _secure_cookie(request: Request, settings: Settings) -> bool:
    return settings.environment == "production" or request.url.scheme == "https"


def origin_ok(origin: str | None, host: str | None) -> bool:
    if not origin:
        return True  # same-origin GETs and non-browser clients send none
    if not host:
        return False
    return origin in (f"http://{host}", f"https://{host}")


def load_session(
    db: Session, settings: Settings, cookie: str | None
) -> tuple[StaffUser, ConsoleSession]:
    if not cookie:
        raise PermissionError("no console session")
    try:
        sid = _serializer(settings).loads(cookie, max_age=SESSION_HOURS * 3600)
    except BadSignature as error:
        raise PermissionError("bad session cookie") from error
    return desk.session_staff(db, sid)


def console_session(
    request: Request, db: SessionDep, settings: SettingsDep
) -> tuple[StaffUser, ConsoleSession]:
    try:
        staff, sess = load_session(db, settings, request.cookies.get(COOKIE))
    except PermissionError as error:
        raise Unauthorized("sign in to the console") from error
    if request.method in UNSAFE_METHODS:
        token = request.headers.get("x-csrf-token", "")
        if not hmac.compare_digest(token, sess.csrf_token) or not origin_ok(
            request.headers.get("origin"), request.headers.get("host")
        ):
            log.warning("console CSRF check failed for %s %s", staff.username, request.url.path)
            raise Forbidden("CSRF check failed")
    return staff, sess


SessionPair = Annotated[tuple[StaffUser, ConsoleSession], Depends(console_session)]


def console_staff(pair: SessionPair) -> StaffUser:
    return pair[0]


Staff = Annotated[StaffUser, Depends(console_staff)]


def supervisor(staff: Staff) -> StaffUser:
    if staff.role.rank < StaffRole.SUPERVISOR.rank:
        raise Forbidden("supervisor role required")
    return staff


Supervisor = Annotated[StaffUser, Depends(supervisor)]


def staff_json(staff: StaffUser) -> dict[str, Any]:
    return {
        "id": staff.id,
        "username": staff.username,
        "name": staff.full_name or staff.username,
        "role": staff.role.value,
    }


class LoginRequest(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=256)


@router.post("/login")
def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    db: SessionDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    if not origin_ok(request.headers.get("origin"), request.headers.get("host")):
        raise Forbidden("cross-site sign-in refused")
    with slowed_sign_in(limits_of(request.app.state), body.username):
        staff = staff_service.authenticate(db, username=body.username, password=body.password)
    if staff.role not in CONSOLE_ROLES:
        raise Forbidden("this account cannot use the console")
    sess = desk.open_session(db, staff, SESSION_HOURS)
    response.set_cookie(
        COOKIE,
        _serializer(settings).dumps(sess.id),
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=_secure_cookie(request, settings),
        path="/",
    )
    return _signed_in(staff, sess, settings)


def _signed_in(staff: StaffUser, sess: ConsoleSession, settings: Settings) -> dict[str, Any]:
    """What the page keeps in memory: the CSRF token, and a bearer token for the other
    staff APIs (complaints, bookings), which the browser never attaches by itself."""
    return {
        "staff": staff_json(staff),
        "csrf_token": sess.csrf_token,
        "api_token": staff_service.issue_token(settings.secret_key, staff),
    }


@router.post("/logout")
def logout(pair: SessionPair, response: Response, db: SessionDep) -> dict[str, str]:
    staff, sess = pair
    desk.end_session(db, staff, sess)
    response.delete_cookie(COOKIE, path="/")
    return {"status": "signed out"}


@router.get("/me")
def me(pair: SessionPair, settings: SettingsDep) -> dict[str, Any]:
    staff, sess = pair
    return _signed_in(staff, sess, settings)
