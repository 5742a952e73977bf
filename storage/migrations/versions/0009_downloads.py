"""Downloads: files kept for a few days behind a link, for platforms that take no file
from a bot (Teams).

Revision ID: 0009
Revises: 0008
Create Date: 2027-05-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LABEL = sa.String(64)
REF = sa.String(255)


def upgrade() -> None:
    op.create_table(
        "downloads",
        sa.Column("token", LABEL, nullable=False),
        sa.Column("delivery_key", REF, nullable=False),
        sa.Column("name", REF, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("media_type", LABEL, nullable=False),
        sa.Column("platform", LABEL, nullable=False),
        sa.Column("address_kind", LABEL, nullable=False),
        sa.Column("recipient", REF, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name="pk_downloads"),
        sa.UniqueConstraint("delivery_key", name="uq_downloads_delivery_key"),
    )
    op.create_index("ix_downloads_expires_at", "downloads", ["expires_at"])
    op.create_index(
        "ix_downloads_platform_address_kind_recipient",
        "downloads",
        ["platform", "address_kind", "recipient"],
    )


def downgrade() -> None:
    op.drop_index("ix_downloads_platform_address_kind_recipient", table_name="downloads")
    op.drop_index("ix_downloads_expires_at", table_name="downloads")
    op.drop_table("downloads")
