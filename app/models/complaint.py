"""Complaints (pengaduan): the ticket, its status history, followers and the number counter."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Date, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class ComplaintStatus(StrEnum):
    DITERIMA = "diterima"
    DIVERIFIKASI = "diverifikasi"
    DIDISPOSISIKAN = "didisposisikan"
    DIPROSES = "diproses"
    SELESAI = "selesai"
    DITOLAK = "ditolak"
    BUKAN_WEWENANG = "bukan_wewenang"

    @property
    def is_closed(self) -> bool:
        return self in (
            ComplaintStatus.SELESAI,
            ComplaintStatus.DITOLAK,
            ComplaintStatus.BUKAN_WEWENANG,
        )


class Privacy(StrEnum):
    BIASA = "biasa"  # public report, name visible to staff
    ANONIM = "anonim"  # public report, identity hidden from everyone but the system
    RAHASIA = "rahasia"  # the report itself is not public


class Complaint(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("year", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    ticket_code: str = Field(max_length=20, unique=True, index=True)  # LPR-2026-000123
    year: int
    seq: int
    category: str = Field(max_length=40, index=True)
    dinas_code: str = Field(max_length=32, index=True)
    description: str = Field(sa_column=Column(Text, nullable=False))
    address: str = Field(default="", max_length=300)
    kelurahan: str | None = Field(default=None, max_length=80)
    kecamatan: str | None = Field(default=None, max_length=80)
    latitude: float | None = None
    longitude: float | None = None
    photo_url: str | None = Field(default=None, max_length=300)
    privacy: Privacy = Field(default=Privacy.BIASA)
    source: str = Field(default="chat", max_length=16)  # chat | open311 | staff
    reporter_conversation_id: str | None = Field(default=None, max_length=200, index=True)
    reporter_name: str | None = Field(default=None, max_length=120)
    reporter_phone: str | None = Field(default=None, max_length=32)
    reporter_email: str | None = Field(default=None, max_length=200)
    nik_hmac: str | None = Field(default=None, max_length=64)  # never the NIK itself
    status: ComplaintStatus = Field(default=ComplaintStatus.DITERIMA, index=True)
    status_reason: str | None = Field(default=None, sa_column=Column(Text))
    expected_date: date = Field(sa_column=Column(Date, nullable=False))
    rating: int | None = None
    rating_comment: str | None = Field(default=None, sa_column=Column(Text))
    flagged_for_review: bool = False
    # The workbench (issue 17): the officer handling it; a duplicate merged into another ticket.
    assigned_staff_id: int | None = Field(default=None, index=True)
    merged_into_id: int | None = Field(default=None, index=True)
    idempotency_key: str | None = Field(default=None, max_length=200, unique=True)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), index=True)
    )
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))


class ComplaintHistory(SQLModel, table=True):
    """Every status change (and assignment) with its note and author."""

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    author: str = Field(max_length=120)  # "warga", "sistem", or the staff username
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))


class ComplaintFollower(SQLModel, table=True):
    """A conversation that asked to follow an existing report (instead of a duplicate)."""

    __table_args__ = (UniqueConstraint("complaint_id", "conversation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    conversation_id: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))


class TicketCounter(SQLModel, table=True):
    """Last sequence number per year; bumped with one atomic UPSERT ... RETURNING."""

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0
