"""Exactly once: deliveries name the process that claims them and keep when an attempt
whose outcome is unknown began; processes prove themselves alive with a heartbeat.

Revision ID: 0014
Revises: 0013
Create Date: 2027-06-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LABEL = sa.String(64)


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as table:
        table.add_column(sa.Column("claimed_by", LABEL, nullable=True))
        table.add_column(sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(
            sa.Column("unsure", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "bot_processes",
        sa.Column("id", LABEL, nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bot_processes"),
    )


def downgrade() -> None:
    op.drop_table("bot_processes")
    with op.batch_alter_table("deliveries") as table:
        table.drop_column("unsure")
        table.drop_column("attempted_at")
        table.drop_column("claimed_by")
