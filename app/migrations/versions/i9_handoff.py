"""handoff queue, notes, canned replies, audit log, console sessions

Revision ID: i9_handoff
Revises: 0002_staff
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i9_handoff"
down_revision: str | Sequence[str] | None = "0002_staff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "handoff_request",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(200),
            sa.ForeignKey("conversation.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("summary", sa.Text),
        sa.Column("after_hours", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("callback_phone", sa.String(32)),
        sa.Column("assigned_agent_id", sa.Integer, sa.ForeignKey("staffuser.id")),
        sa.Column("outcome", sa.String(20)),
        sa.Column("rasa_synced", sa.Boolean, nullable=False, server_default=sa.false()),
        _ts("requested_at", nullable=False),
        _ts("claimed_at"),
        _ts("closed_at"),
        _ts("last_notice_at"),
    )
    op.create_table(
        "handoff_note",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "request_id",
            sa.Integer,
            sa.ForeignKey("handoff_request.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("staffuser.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        _ts("created_at", nullable=False),
    )
    op.create_table(
        "canned_reply",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("staffuser.id")),
        _ts("created_at", nullable=False),
    )
    op.create_table(
        "handoff_audit",
        sa.Column("id", sa.Integer, primary_key=True),
        _ts("at", nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("staffuser.id")),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False, index=True),
        sa.Column("conversation_id", sa.String(200), index=True),
        sa.Column("request_id", sa.Integer),
        sa.Column("detail", sa.Text),
    )
    op.create_table(
        "console_session",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "staff_id", sa.Integer, sa.ForeignKey("staffuser.id"), nullable=False, index=True
        ),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _ts("created_at", nullable=False),
        _ts("expires_at", nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    for table in (
        "console_session",
        "handoff_audit",
        "canned_reply",
        "handoff_note",
        "handoff_request",
    ):
        op.drop_table(table)
