"""facility bookings, staff-added closed dates; no overlapping bookings

Revision ID: i5_bookings
Revises: 0002_staff
Create Date: 2026-11-23

PostgreSQL: ``EXCLUDE USING gist (facility_id WITH =, tstzrange(start_at, end_at) WITH &&)
WHERE (status <> 'cancelled')`` (extension btree_gist). SQLite has no exclusion constraints:
triggers refuse an overlapping insert or update, and the service books inside
``BEGIN IMMEDIATE`` so that concurrent writers are serialised.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i5_bookings"
down_revision: str | Sequence[str] | None = "0002_staff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OVERLAP = """
    SELECT 1 FROM booking b
    WHERE b.facility_id = NEW.facility_id AND b.status <> 'cancelled'
      AND b.start_at < NEW.end_at AND b.end_at > NEW.start_at{extra}
"""


def upgrade() -> None:
    op.create_table(
        "booking",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(9), nullable=False, unique=True, index=True),
        sa.Column("facility_id", sa.String(64), nullable=False, index=True),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("people", sa.Integer, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("owner_id", sa.String(200), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="confirmed"),
        sa.Column("flagged", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("flag_reason", sa.String(300)),
        sa.Column("cancel_reason", sa.String(300)),
        sa.Column("cancelled_by", sa.String(64)),
        sa.Column("reminder_due_at", sa.DateTime(timezone=True)),
        sa.Column("reminder_sent_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("end_at > start_at", name="booking_end_after_start"),
    )
    op.create_index("ix_booking_facility_start", "booking", ["facility_id", "start_at"])
    op.create_table(
        "facilityclosure",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("facility_id", sa.String(64), nullable=False, index=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("reason", sa.String(300), nullable=False, server_default=""),
        sa.Column("created_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("facility_id", "day"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
            "(facility_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) "
            "WHERE (status <> 'cancelled')"
        )
    elif dialect == "sqlite":
        op.execute(
            "CREATE TRIGGER booking_no_overlap_insert BEFORE INSERT ON booking "
            "WHEN NEW.status <> 'cancelled' AND EXISTS ("
            + _OVERLAP.format(extra="")
            + ") BEGIN SELECT RAISE(ABORT, 'booking_no_overlap'); END"
        )
        op.execute(
            "CREATE TRIGGER booking_no_overlap_update BEFORE UPDATE ON booking "
            "WHEN NEW.status <> 'cancelled' AND EXISTS ("
            + _OVERLAP.format(extra=" AND b.id <> NEW.id")
            + ") BEGIN SELECT RAISE(ABORT, 'booking_no_overlap'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS booking_no_overlap_update")
        op.execute("DROP TRIGGER IF EXISTS booking_no_overlap_insert")
    op.drop_table("facilityclosure")
    op.drop_index("ix_booking_facility_start", table_name="booking")
    op.drop_table("booking")
