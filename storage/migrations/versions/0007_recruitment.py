"""Recruitment: sign-up details and waitlists on enrolments, the privacy notice on cohorts,
organisations' champions, and invitations by email.

Revision ID: 0007
Revises: 0006
Create Date: 2027-03-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LABEL = sa.String(64)
NAME = sa.String(200)
REF = sa.String(255)


def upgrade() -> None:
    with op.batch_alter_table("enrolments") as table:
        table.add_column(sa.Column("job_title", NAME, nullable=True))
        table.add_column(sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("waitlisted_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("cohorts") as table:
        table.add_column(sa.Column("privacy_text", sa.Text(), nullable=True))
        table.add_column(sa.Column("privacy_link", REF, nullable=True))
    op.create_table(
        "champions",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", LABEL, nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id", "organisation_id"],
            ["organisations.cohort_id", "organisations.id"],
            name="fk_champions_cohort_id_organisations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_champions_person_id_people"),
        sa.PrimaryKeyConstraint("cohort_id", "organisation_id", name="pk_champions"),
    )
    op.create_index("ix_champions_person_id", "champions", ["person_id"])
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("email", REF, nullable=False),
        sa.Column("organisation_id", LABEL, nullable=False),
        sa.Column("seniority", LABEL, nullable=True),
        sa.Column("pace", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("outcome", LABEL, nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_invitations_cohort_id_cohorts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_invitations_person_id_people"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("cohort_id", "email", name="uq_invitations_cohort_id_email"),
    )


def downgrade() -> None:
    op.drop_table("invitations")
    op.drop_index("ix_champions_person_id", table_name="champions")
    op.drop_table("champions")
    with op.batch_alter_table("cohorts") as table:
        table.drop_column("privacy_link")
        table.drop_column("privacy_text")
    with op.batch_alter_table("enrolments") as table:
        table.drop_column("waitlisted_at")
        table.drop_column("consented_at")
        table.drop_column("job_title")
