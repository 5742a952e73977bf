"""Keep the questions leaders ask the moderators, and the messages about each one.

Revision ID: 0005
Revises: 0004
Create Date: 2027-02-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LABEL = sa.String(64)
REF = sa.String(255)


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("asker_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("module_id", LABEL, nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("may_publish", sa.Boolean(), nullable=False),
        sa.Column("status", LABEL, nullable=False),
        sa.Column("claimed_by", sa.Integer(), nullable=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_reply_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_questions_cohort_id_cohorts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["asker_id"], ["people.id"], name="fk_questions_asker_id_people"),
        sa.ForeignKeyConstraint(
            ["claimed_by"], ["people.id"], name="fk_questions_claimed_by_people"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_questions"),
        sqlite_autoincrement=True,  # a deleted draft's id is never given to a new question
    )
    op.create_index("ix_questions_cohort_id_status", "questions", ["cohort_id", "status"])
    op.create_table(
        "question_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("side", LABEL, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", REF, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name="fk_question_posts_question_id_questions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["people.id"], name="fk_question_posts_author_id_people"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_question_posts"),
        sa.UniqueConstraint("source", name="uq_question_posts_source"),
    )
    op.create_index("ix_question_posts_question_id", "question_posts", ["question_id"])
    op.create_index(
        "ix_deliveries_platform_platform_ref", "deliveries", ["platform", "platform_ref"]
    )


def downgrade() -> None:
    op.drop_index("ix_deliveries_platform_platform_ref", table_name="deliveries")
    op.drop_index("ix_question_posts_question_id", table_name="question_posts")
    op.drop_table("question_posts")
    op.drop_index("ix_questions_cohort_id_status", table_name="questions")
    op.drop_table("questions")
