"""booking check-in by facility staff (issue 17)

Revision ID: i17_checkin
Revises: i5_bookings
Create Date: 2026-12-02

Plain ADD COLUMN (no table rebuild): the SQLite overlap triggers of ``i5_bookings`` stay.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i17_checkin"
down_revision: str | Sequence[str] | None = "i5_bookings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("booking", sa.Column("checked_in_at", sa.DateTime(timezone=True)))
    op.add_column("booking", sa.Column("checked_in_by", sa.String(64)))


def downgrade() -> None:
    op.drop_column("booking", "checked_in_by")
    op.drop_column("booking", "checked_in_at")
