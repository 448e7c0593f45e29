"""conversations, transcript, privacy notice log

Revision ID: 0001_conversations
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_conversations"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("channel", sa.String(32), nullable=False, index=True),
        sa.Column("external_id", sa.String(160), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False, server_default="bot"),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.Column("last_seen_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("channel", "external_id"),
    )
    op.create_table(
        "messagelog",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(200),
            sa.ForeignKey("conversation.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("sender", sa.String(16), nullable=False),
        sa.Column("channel_message_id", sa.String(200)),
        sa.Column("text", sa.Text, nullable=False, server_default=""),
        sa.Column("payload", sa.Text),
        sa.Column("pushed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("conversation_id", "channel_message_id"),
    )
    op.create_table(
        "privacynoticelog",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(200),
            sa.ForeignKey("conversation.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("policy_version", sa.String(32), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("privacynoticelog")
    op.drop_table("messagelog")
    op.drop_table("conversation")
