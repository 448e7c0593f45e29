"""Staff sign-in for the staff APIs: ``POST /api/staff/login`` returns a bearer token;
routes depend on :data:`CurrentStaff` or :func:`require_role`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import MappingProxyType
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from app.api.deps import SessionDep, SettingsDep
from app.models import StaffPublic, StaffRole, StaffUser
from app.ratelimit import RateLimits, limits_of
from app.services import staff as staff_service
from core.errors import Forbidden, Unauthorized

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/staff", tags=["staff"])
_bearer = HTTPBearer(auto_error=False)


class LoginRequest(BaseModel):
    username: str
    password: str


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    staff: StaffPublic


class BearerRequired(Unauthorized):
    headers = MappingProxyType({"WWW-Authenticate": "Bearer"})


def current_staff(
    db: SessionDep,
    settings: SettingsDep,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> StaffUser:
    if creds is None:
        raise BearerRequired("authentication required")
    try:
        return staff_service.user_from_token(db, settings.secret_key, creds.credentials)
    except staff_service.StaffAuthError as error:
        log.warning("staff token refused: %s", error)
        raise BearerRequired("invalid or expired token") from error


CurrentStaff = Annotated[StaffUser, Depends(current_staff)]


def require_role(minimum: StaffRole) -> Callable[[StaffUser], StaffUser]:
    def check(user: CurrentStaff) -> StaffUser:
        if user.role.rank < minimum.rank:
            log.warning("staff %s (%s) refused: needs %s", user.username, user.role, minimum)
            raise Forbidden(f"role {minimum} required")
        return user

    return check


@contextmanager
def slowed_sign_in(limits: RateLimits, username: str) -> Iterator[None]:
    """Wrap a password check: after a few failures on the account every attempt waits
    longer (progressive delay, never a lock-out: the owner still gets in); a failure
    answers 401."""
    key = username.strip().lower()
    delay = limits.login_delay(key)
    if delay:
        log.warning("sign-in for %r delayed %.0f s after failures", key, delay)
        time.sleep(delay)
    try:
        yield
    except staff_service.StaffAuthError as error:
        limits.login_failed(key)
        log.warning("sign-in failed for %r: %s", key, error)
        raise Unauthorized("wrong username or password") from error
    limits.login_succeeded(key)


@router.post("/login", response_model=TokenResponse)
def login(
    body: LoginRequest, request: Request, db: SessionDep, settings: SettingsDep
) -> TokenResponse:
    with slowed_sign_in(limits_of(request.app.state), body.username):
        user = staff_service.authenticate(db, username=body.username, password=body.password)
    token = staff_service.issue_token(settings.secret_key, user)
    return TokenResponse(
        access_token=token, staff=StaffPublic.model_validate(user, from_attributes=True)
    )


@router.get("/me", response_model=StaffPublic)
def me(user: CurrentStaff) -> StaffPublic:
    return StaffPublic.model_validate(user, from_attributes=True)
