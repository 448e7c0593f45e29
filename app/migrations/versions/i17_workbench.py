"""back office workbench: a complaint's assigned officer and the ticket a duplicate was merged into

Revision ID: i17_workbench
Revises: i4_complaints
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i17_workbench"
down_revision: str | Sequence[str] | None = "i4_complaints"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("complaint", sa.Column("assigned_staff_id", sa.Integer, nullable=True))
    op.add_column("complaint", sa.Column("merged_into_id", sa.Integer, nullable=True))
    op.create_index("ix_complaint_assigned_staff_id", "complaint", ["assigned_staff_id"])
    op.create_index("ix_complaint_merged_into_id", "complaint", ["merged_into_id"])
    op.create_index("ix_complaint_expected_date", "complaint", ["expected_date"])


def downgrade() -> None:
    op.drop_index("ix_complaint_expected_date", "complaint")
    op.drop_index("ix_complaint_merged_into_id", "complaint")
    op.drop_index("ix_complaint_assigned_staff_id", "complaint")
    with op.batch_alter_table("complaint") as batch:
        batch.drop_column("merged_into_id")
        batch.drop_column("assigned_staff_id")
