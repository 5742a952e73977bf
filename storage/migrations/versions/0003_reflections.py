"""Keep the reflection question offered to each leader once a week of their plan is done.

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name="fk_reflections_enrolment_id_enrolments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reflections"),
        sa.UniqueConstraint("enrolment_id", "week", name="uq_reflections_enrolment_id_week"),
    )


def downgrade() -> None:
    op.drop_table("reflections")
