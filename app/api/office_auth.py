"""Who may do what in the back office (``/office/`` and ``/api/office``).

Every office API takes the staff bearer token of ``POST /api/staff/login`` (the pages keep
it in ``sessionStorage``): depend on :data:`OfficeStaff`, or :data:`OfficeSupervisor` for
supervisor-only routes. A dinas officer (an account with ``dinas_code``) sees only their
dinas: pass every dinas filter through :func:`dinas_scope`, and check single records with
:func:`in_scope`, answering 404 outside it (the record's existence is not disclosed).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app.api.staff_auth import CurrentStaff, require_role
from app.models import StaffRole, StaffUser
from core.errors import NotFound

OfficeStaff = CurrentStaff
OfficeSupervisor = Annotated[StaffUser, Depends(require_role(StaffRole.SUPERVISOR))]


def dinas_scope(user: StaffUser, requested: str | None) -> str | None:
    """The dinas a query is limited to: always the officer's own dinas for a dinas
    officer, whatever was asked; otherwise the one asked for (None: every dinas)."""
    return user.dinas_code or requested or None


def in_scope(user: StaffUser, dinas_code: str) -> bool:
    return not user.dinas_code or user.dinas_code == dinas_code


def not_found() -> NotFound:
    """The one answer for what is missing or outside the officer's scope (no difference)."""
    return NotFound("not found")


def is_supervisor(user: StaffUser) -> bool:
    return user.role.rank >= StaffRole.SUPERVISOR.rank
