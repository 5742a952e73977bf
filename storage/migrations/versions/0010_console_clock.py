"""The console's clock: the time the local shell reached, so its next run carries on there
and the command-line tools read the same time.

Revision ID: 0010
Revises: 0009
Create Date: 2027-05-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "console_clock",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("now", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_console_clock"),
    )


def downgrade() -> None:
    op.drop_table("console_clock")
