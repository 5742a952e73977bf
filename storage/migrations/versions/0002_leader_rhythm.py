"""Give each enrolment its own plan start and nudge preferences.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("enrolments") as table:
        table.add_column(
            sa.Column("plan_start_week", sa.Integer(), nullable=False, server_default="1")
        )
        table.add_column(sa.Column("done_at_replan", sa.JSON(), nullable=True))
        table.add_column(sa.Column("nudge_weekday", sa.Integer(), nullable=True))
        table.add_column(sa.Column("nudge_time", sa.String(5), nullable=True))
        table.add_column(
            sa.Column("behind_reminders", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        table.add_column(sa.Column("paused_until", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrolments") as table:
        for column in (
            "paused_until",
            "behind_reminders",
            "nudge_time",
            "nudge_weekday",
            "done_at_replan",
            "plan_start_week",
        ):
            table.drop_column(column)
