"""Facility bookings and the closed dates staff add. Facilities themselves are data
(``app/data/facilities.yml``); ``facility_id`` refers to an entry there.

No double booking is enforced by the database: on PostgreSQL an exclusion constraint over
``tstzrange(start_at, end_at)`` per facility (cancelled bookings excluded), on SQLite
triggers plus a serialising ``BEGIN IMMEDIATE`` transaction (see the migration
``i5_bookings`` and :mod:`app.services.bookings`).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime, String
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class Booking(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=9, unique=True, index=True)  # BK-7K3M9Q
    facility_id: str = Field(max_length=64, index=True)
    start_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    end_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    people: int
    name: str = Field(max_length=120)
    phone: str = Field(max_length=20)
    owner_id: str = Field(max_length=200, index=True)  # conversation id: "<channel>:<user>"
    # Stored as its value ("cancelled"): the overlap constraint and triggers test it.
    status: BookingStatus = Field(
        default=BookingStatus.CONFIRMED,
        sa_column=Column(String(16), nullable=False, server_default="confirmed"),
    )
    flagged: bool = False  # on a date closed after it was made; staff follow up
    flag_reason: str | None = Field(default=None, max_length=300)
    cancel_reason: str | None = Field(default=None, max_length=300)
    cancelled_by: str | None = Field(default=None, max_length=64)  # "citizen" or staff name
    reminder_due_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    reminder_sent_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    # Facility staff checked the citizen in with the booking code (migration i17_checkin).
    checked_in_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    checked_in_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))


class FacilityClosure(SQLModel, table=True):
    """A date a facility is closed, added by staff (on top of the data file's dates)."""

    id: int | None = Field(default=None, primary_key=True)
    facility_id: str = Field(max_length=64, index=True)
    day: date
    reason: str = Field(default="", max_length=300)
    created_by: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))


class BookingPublic(SQLModel):
    code: str
    facility_id: str
    start_at: datetime
    end_at: datetime
    people: int
    name: str
    phone: str
    status: BookingStatus
    flagged: bool
    flag_reason: str | None
    cancel_reason: str | None
