"""Keep polls of candidate slots for reflection sessions, the votes, and the sessions held.

Revision ID: 0006
Revises: 0005
Create Date: 2027-02-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LABEL = sa.String(64)
NAME = sa.String(200)


def upgrade() -> None:
    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("title", NAME, nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("formats", sa.JSON(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("hide_counts", sa.Boolean(), nullable=False),
        sa.Column("status", LABEL, nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name="fk_polls_cohort_id_cohorts", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["created_by"], ["people.id"], name="fk_polls_created_by_people"),
        sa.PrimaryKeyConstraint("id", name="pk_polls"),
        sqlite_autoincrement=True,  # buttons name poll ids: never reuse one
    )
    op.create_index("ix_polls_cohort_id", "polls", ["cohort_id"])
    op.create_table(
        "poll_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name="fk_poll_slots_poll_id_polls", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_poll_slots"),
        sqlite_autoincrement=True,  # buttons name slot ids
    )
    op.create_index("ix_poll_slots_poll_id", "poll_slots", ["poll_id"])
    op.create_table(
        "poll_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("availability", LABEL, nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name="fk_poll_votes_poll_id_polls", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["poll_slots.id"],
            name="fk_poll_votes_slot_id_poll_slots",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_poll_votes_person_id_people"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_poll_votes"),
        sa.UniqueConstraint("slot_id", "person_id", name="uq_poll_votes_slot_id_person_id"),
    )
    op.create_index("ix_poll_votes_poll_id", "poll_votes", ["poll_id"])
    op.create_table(
        "poll_format_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("choice", NAME, nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name="fk_poll_format_votes_poll_id_polls",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_poll_format_votes_person_id_people"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_poll_format_votes"),
        sa.UniqueConstraint("poll_id", "person_id", name="uq_poll_format_votes_poll_id_person_id"),
    )
    op.create_table(
        "reflection_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("format", NAME, nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name="fk_reflection_sessions_poll_id_polls",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["poll_slots.id"],
            name="fk_reflection_sessions_slot_id_poll_slots",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reflection_sessions"),
        sa.UniqueConstraint("poll_id", "slot_id", name="uq_reflection_sessions_poll_id_slot_id"),
        sqlite_autoincrement=True,  # buttons name session ids
    )
    op.create_table(
        "session_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["reflection_sessions.id"],
            name="fk_session_seats_session_id_reflection_sessions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_session_seats_person_id_people"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_session_seats"),
        sa.UniqueConstraint(
            "session_id", "person_id", name="uq_session_seats_session_id_person_id"
        ),
    )


def downgrade() -> None:
    op.drop_table("session_seats")
    op.drop_table("reflection_sessions")
    op.drop_table("poll_format_votes")
    op.drop_index("ix_poll_votes_poll_id", table_name="poll_votes")
    op.drop_table("poll_votes")
    op.drop_index("ix_poll_slots_poll_id", table_name="poll_slots")
    op.drop_table("poll_slots")
    op.drop_index("ix_polls_cohort_id", table_name="polls")
    op.drop_table("polls")
