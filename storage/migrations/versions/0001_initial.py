"""Create the first tables: cohorts, people, enrolments, completions, outbox and audit.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LABEL = sa.String(64)
NAME = sa.String(200)
REF = sa.String(255)


def upgrade() -> None:
    op.create_table(
        "cohorts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", LABEL, nullable=False),
        sa.Column("name", NAME, nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("default_pace", sa.Integer(), nullable=False),
        sa.Column("time_zone", LABEL, nullable=False),
        sa.Column("cohort_channel", REF, nullable=True),
        sa.Column("moderators_channel", REF, nullable=True),
        sa.Column("coordinators_channel", REF, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_cohorts"),
        sa.UniqueConstraint("slug", name="uq_cohorts_slug"),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", LABEL, nullable=False),
        sa.Column("platform_user_id", REF, nullable=False),
        sa.Column("display_name", NAME, nullable=False),
        sa.Column("organisation_id", LABEL, nullable=True),
        sa.Column("seniority", LABEL, nullable=True),
        sa.Column("time_zone", LABEL, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint(
            "platform", "platform_user_id", name="uq_people_platform_platform_user_id"
        ),
    )
    op.create_table(
        "organisations",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("id", LABEL, nullable=False),
        sa.Column("name", NAME, nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_organisations_cohort_id_cohorts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cohort_id", "id", name="pk_organisations"),
    )
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", LABEL, nullable=False),
        sa.Column("status", LABEL, nullable=False),
        sa.Column("pace", sa.Integer(), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name="fk_enrolments_cohort_id_cohorts"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_enrolments_person_id_people"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_enrolments"),
        sa.UniqueConstraint(
            "cohort_id", "person_id", "role", name="uq_enrolments_cohort_id_person_id_role"
        ),
    )
    op.create_index("ix_enrolments_person_id", "enrolments", ["person_id"])
    op.create_table(
        "completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("module_id", LABEL, nullable=False),
        sa.Column("source", LABEL, nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name="fk_completions_enrolment_id_enrolments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_completions"),
        sa.UniqueConstraint(
            "enrolment_id", "module_id", name="uq_completions_enrolment_id_module_id"
        ),
    )
    op.create_table(
        "processed_events",
        sa.Column("event_id", REF, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_processed_events"),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", REF, nullable=False),
        sa.Column("platform", LABEL, nullable=False),
        sa.Column("recipient", REF, nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", LABEL, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("platform_ref", REF, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.UniqueConstraint("key", name="uq_deliveries_key"),
    )
    op.create_index("ix_deliveries_status_not_before", "deliveries", ["status", "not_before"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("actor_person_id", sa.Integer(), nullable=True),
        sa.Column("action", LABEL, nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name="fk_audit_log_cohort_id_cohorts"
        ),
        sa.ForeignKeyConstraint(
            ["actor_person_id"], ["people.id"], name="fk_audit_log_actor_person_id_people"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("deliveries")
    op.drop_table("processed_events")
    op.drop_table("completions")
    op.drop_index("ix_enrolments_person_id", table_name="enrolments")
    op.drop_table("enrolments")
    op.drop_table("organisations")
    op.drop_table("people")
    op.drop_table("cohorts")
