"""Sessions after confirmation: each session keeps its own time (its slot's until it is
rescheduled), notes for the leaders, the sequence its calendar files carry, and whether
it was cancelled.

Revision ID: 0011
Revises: 0010
Create Date: 2027-05-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

sessions = sa.table(
    "reflection_sessions",
    sa.column("slot_id", sa.Integer()),
    sa.column("starts_at", sa.DateTime(timezone=True)),
    sa.column("minutes", sa.Integer()),
)
slots = sa.table(
    "poll_slots",
    sa.column("id", sa.Integer()),
    sa.column("starts_at", sa.DateTime(timezone=True)),
    sa.column("minutes", sa.Integer()),
)


# SQLite rebuilds the table to change a column: it must keep AUTOINCREMENT, since buttons
# name sessions by id and a deleted one's id must never be given again.
KEEP = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("reflection_sessions", table_kwargs=KEEP) as table:
        table.add_column(sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("minutes", sa.Integer(), nullable=True))
        table.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
        table.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(
            sa.Column("cancelled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Every session confirmed so far is at its slot's time.
    of_slot = slots.c.id == sessions.c.slot_id
    op.execute(
        sessions.update().values(
            starts_at=sa.select(slots.c.starts_at).where(of_slot).scalar_subquery(),
            minutes=sa.select(slots.c.minutes).where(of_slot).scalar_subquery(),
        )
    )
    with op.batch_alter_table("reflection_sessions", table_kwargs=KEEP) as table:
        table.alter_column("starts_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        table.alter_column("minutes", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("reflection_sessions", table_kwargs=KEEP) as table:
        for column in ("cancelled", "sequence", "notes", "minutes", "starts_at"):
            table.drop_column(column)
