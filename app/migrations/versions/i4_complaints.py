"""complaints: tickets, status history, followers, ticket counter

Revision ID: i4_complaints
Revises: 0002_staff
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i4_complaints"
down_revision: str | Sequence[str] | None = "0002_staff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ticketcounter",
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket_code", sa.String(20), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("dinas_code", sa.String(32), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("address", sa.String(300), nullable=False, server_default=""),
        sa.Column("kelurahan", sa.String(80)),
        sa.Column("kecamatan", sa.String(80)),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("photo_url", sa.String(300)),
        sa.Column("privacy", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False, server_default="chat"),
        sa.Column("reporter_conversation_id", sa.String(200)),
        sa.Column("reporter_name", sa.String(120)),
        sa.Column("reporter_phone", sa.String(32)),
        sa.Column("reporter_email", sa.String(200)),
        sa.Column("nik_hmac", sa.String(64)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_reason", sa.Text),
        sa.Column("expected_date", sa.Date, nullable=False),
        sa.Column("rating", sa.Integer),
        sa.Column("rating_comment", sa.Text),
        sa.Column("flagged_for_review", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("idempotency_key", sa.String(200)),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("year", "seq", name="uq_complaint_year_seq"),
        sa.UniqueConstraint("idempotency_key", name="uq_complaint_idempotency_key"),
    )
    op.create_index("ix_complaint_ticket_code", "complaint", ["ticket_code"], unique=True)
    op.create_index("ix_complaint_category", "complaint", ["category"])
    op.create_index("ix_complaint_dinas_code", "complaint", ["dinas_code"])
    op.create_index("ix_complaint_status", "complaint", ["status"])
    op.create_index("ix_complaint_created_at", "complaint", ["created_at"])
    op.create_index(
        "ix_complaint_reporter_conversation_id", "complaint", ["reporter_conversation_id"]
    )
    op.create_table(
        "complainthistory",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("complaint_id", sa.Integer, sa.ForeignKey("complaint.id"), nullable=False),
        sa.Column("from_status", sa.String(20)),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_complainthistory_complaint_id", "complainthistory", ["complaint_id"])
    op.create_table(
        "complaintfollower",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("complaint_id", sa.Integer, sa.ForeignKey("complaint.id"), nullable=False),
        sa.Column("conversation_id", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("complaint_id", "conversation_id", name="uq_complaintfollower"),
    )
    op.create_index("ix_complaintfollower_complaint_id", "complaintfollower", ["complaint_id"])


def downgrade() -> None:
    op.drop_table("complaintfollower")
    op.drop_table("complainthistory")
    op.drop_table("complaint")
    op.drop_table("ticketcounter")
