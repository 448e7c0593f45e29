"""City staff: call-centre agents, supervisors, administrators, dinas officers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class StaffRole(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return {"agent": 1, "supervisor": 2, "admin": 3}[self.value]


class StaffUser(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    full_name: str = Field(default="", max_length=120)
    password_hash: str = Field(max_length=255)
    role: StaffRole = Field(default=StaffRole.AGENT)
    dinas_code: str | None = Field(default=None, max_length=32)  # scope of a dinas officer
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))


class StaffPublic(SQLModel):
    id: int
    username: str
    full_name: str
    role: StaffRole
    dinas_code: str | None
