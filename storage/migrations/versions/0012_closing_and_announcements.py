"""Closing a cohort (when it closed) and coordinators' announcements.

Revision ID: 0012
Revises: 0011
Create Date: 2027-06-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LABEL = sa.String(64)


def upgrade() -> None:
    with op.batch_alter_table("cohorts") as table:
        table.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("to_leaders", sa.Boolean(), nullable=False),
        sa.Column("status", LABEL, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_announcements_cohort_id_cohorts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_announcements"),
    )


def downgrade() -> None:
    op.drop_table("announcements")
    with op.batch_alter_table("cohorts") as table:
        table.drop_column("closed_at")
