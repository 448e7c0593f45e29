"""Staff accounts and sign-in tokens.

Passwords are hashed with Argon2id. API tokens are signed (itsdangerous) with the app's
secret key and expire; they carry the staff id only, so a deactivated account or a
changed role takes effect at once.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session, col, select

from app.models import StaffRole, StaffUser
from core.errors import Unauthorized

_hasher = PasswordHasher()
TOKEN_SALT = "halo-warga-staff-token"
TOKEN_MAX_AGE_S = 12 * 3600


class StaffAuthError(Unauthorized):
    """Wrong credentials, or a bad, expired or revoked token."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_staff(
    session: Session,
    *,
    username: str,
    password: str,
    role: StaffRole = StaffRole.AGENT,
    full_name: str = "",
    dinas_code: str | None = None,
) -> StaffUser:
    if len(password) < 8:
        raise ValueError("password must have at least 8 characters")
    user = StaffUser(
        username=username.strip().lower(),
        password_hash=hash_password(password),
        role=role,
        full_name=full_name,
        dinas_code=dinas_code,
    )
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def authenticate(session: Session, *, username: str, password: str) -> StaffUser:
    user = session.exec(
        select(StaffUser).where(StaffUser.username == username.strip().lower())
    ).first()
    if user is None or not user.active:
        _hasher.hash(password)  # same cost either way: no user enumeration by timing
        raise StaffAuthError("unknown or inactive user")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError) as error:
        raise StaffAuthError("wrong password") from error
    return user


def issue_token(secret_key: str, user: StaffUser) -> str:
    return URLSafeTimedSerializer(secret_key, salt=TOKEN_SALT).dumps({"sid": user.id})


def user_from_token(session: Session, secret_key: str, token: str) -> StaffUser:
    try:
        data = URLSafeTimedSerializer(secret_key, salt=TOKEN_SALT).loads(
            token, max_age=TOKEN_MAX_AGE_S
        )
    except SignatureExpired as error:
        raise StaffAuthError("token expired") from error
    except BadSignature as error:
        raise StaffAuthError("bad token") from error
    user = session.get(StaffUser, data.get("sid"))
    if user is None or not user.active:
        raise StaffAuthError("account no longer active")
    return user


def staff_names(session: Session) -> dict[int, str]:
    """Every account's display name by id (what lists of tickets and requests show)."""
    return {u.id: u.full_name or u.username for u in session.exec(select(StaffUser)) if u.id}


def active_staff(session: Session) -> list[StaffUser]:
    return list(
        session.exec(select(StaffUser).where(col(StaffUser.active)).order_by(col(StaffUser.id)))
    )


def staff_by_id(session: Session, staff_id: int | None) -> StaffUser | None:
    """The account, or None (no id, or a deleted account: a lookup, absence is an answer)."""
    return session.get(StaffUser, staff_id) if staff_id else None
