"""Typed deliveries and per-platform addresses: the outbox keeps each message as versioned
JSON with its address in columns (platform, person or channel, id) and the question it is
about; cohorts name their platform; conversation references for platforms that need one
to write first.

Old payloads were a message with extra keys (`thread`, `thread_of`, `replaces`,
`broadcast`, `file`); they become form 1 (`{"v": 1, "message": ..., "under": ...}`) and
back on downgrade. Whether an old recipient was a channel is worked out from the cohorts'
channels and the platform's ids (Slack channel ids start with C or G; console channels
are in capitals); the question a delivery is about, from its key.

Revision ID: 0008
Revises: 0007
Create Date: 2027-04-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LABEL = sa.String(64)
REF = sa.String(255)

deliveries = sa.table(
    "deliveries",
    sa.column("id", sa.Integer()),
    sa.column("key", REF),
    sa.column("platform", LABEL),
    sa.column("recipient", REF),
    sa.column("payload", sa.JSON()),
    sa.column("address_kind", LABEL),
    sa.column("question_id", sa.Integer()),
    sa.column("question_side", LABEL),
)
cohorts = sa.table(
    "cohorts",
    sa.column("cohort_channel", REF),
    sa.column("moderators_channel", REF),
    sa.column("coordinators_channel", REF),
)
posts = sa.table(
    "question_posts", sa.column("id", sa.Integer()), sa.column("question_id", sa.Integer())
)

# Old payload key -> form 1 key, for the keys that keep their value.
RENAMED = {"thread_of": "under", "replaces": "replaces"}
# The keys that start a question's two threads, and the side each starts.
ROOTS = {"question": "moderators", "question-asked": "asker"}


def upgrade() -> None:
    with op.batch_alter_table("cohorts") as table:
        table.add_column(sa.Column("platform", LABEL, server_default="slack", nullable=False))
    with op.batch_alter_table("deliveries") as table:
        table.add_column(sa.Column("address_kind", LABEL, nullable=True))
        table.add_column(sa.Column("question_id", sa.Integer(), nullable=True))
        table.add_column(sa.Column("question_side", LABEL, nullable=True))
    _to_form_1(op.get_bind())
    with op.batch_alter_table("deliveries") as table:
        table.alter_column("address_kind", existing_type=LABEL, nullable=False)
        table.create_index("ix_deliveries_question_id", ["question_id"])
    op.create_table(
        "conversation_references",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", LABEL, nullable=False),
        sa.Column("kind", LABEL, nullable=False),
        sa.Column("address_id", REF, nullable=False),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conversation_references"),
        sa.UniqueConstraint(
            "platform",
            "kind",
            "address_id",
            name="uq_conversation_references_platform_kind_address_id",
        ),
    )


def downgrade() -> None:
    op.drop_table("conversation_references")
    _to_old_form(op.get_bind())
    with op.batch_alter_table("deliveries") as table:
        table.drop_index("ix_deliveries_question_id")
        table.drop_column("question_side")
        table.drop_column("question_id")
        table.drop_column("address_kind")
    with op.batch_alter_table("cohorts") as table:
        table.drop_column("platform")


def _to_form_1(connection: sa.Connection) -> None:
    channels = {
        channel for row in connection.execute(sa.select(cohorts)) for channel in row if channel
    }
    post_questions = dict(connection.execute(sa.select(posts.c.id, posts.c.question_id)).all())
    rows = connection.execute(
        sa.select(
            deliveries.c.id,
            deliveries.c.key,
            deliveries.c.platform,
            deliveries.c.recipient,
            deliveries.c.payload,
        )
    ).all()
    for id, key, platform, recipient, payload in rows:
        question_id, side = _question(key, post_questions)
        connection.execute(
            sa.update(deliveries)
            .where(deliveries.c.id == id)
            .values(
                payload=_form_1(payload or {}, recipient),
                address_kind=_kind(platform, recipient, channels),
                question_id=question_id,
                question_side=side,
            )
        )


def _form_1(old: dict[str, object], recipient: str) -> dict[str, object]:
    message = {"text": old.get("text", ""), "blocks": old.get("blocks", [])}
    new: dict[str, object] = {"v": 1, "message": message}
    for before, after in RENAMED.items():
        if isinstance(old.get(before), str):
            new[after] = old[before]
    if isinstance(old.get("thread"), str):
        # Form 1 names a thread a person started by its message's reference, not its ts.
        new["in_thread"] = f"{recipient}:{old['thread']}"
    if old.get("broadcast"):
        new["also_to_channel"] = True
    if isinstance(old.get("file"), dict):
        new["attachment"] = old["file"]
    return new


def _kind(platform: str, recipient: str, channels: set[str]) -> str:
    if recipient in channels:
        return "channel"
    if platform == "slack" and recipient[:1] in ("C", "G"):
        return "channel"
    if platform == "console" and recipient.isupper():
        return "channel"
    return "person"


def _question(key: str, post_questions: dict[int, int]) -> tuple[int | None, str | None]:
    kind, _, rest = key.partition(":")
    number = rest.split(":")[0]
    if not number.isdigit():
        return None, None
    if kind.startswith("question") and kind != "question-draft":
        return int(number), ROOTS.get(kind)
    if kind in ("relay", "relay-edit"):
        return post_questions.get(int(number)), None
    return None, None


def _to_old_form(connection: sa.Connection) -> None:
    rows = connection.execute(sa.select(deliveries.c.id, deliveries.c.payload)).all()
    for id, payload in rows:
        connection.execute(
            sa.update(deliveries).where(deliveries.c.id == id).values(payload=_old_form(payload))
        )


def _old_form(new: dict[str, object]) -> dict[str, object]:
    message = new.get("message")
    if not isinstance(message, dict) or (not message.get("text") and not message.get("blocks")):
        return {}  # a sent message whose content was forgotten
    old: dict[str, object] = {"text": message.get("text", ""), "blocks": message.get("blocks", [])}
    for before, after in RENAMED.items():
        if isinstance(new.get(after), str):
            old[before] = new[after]
    if isinstance(new.get("in_thread"), str):
        old["thread"] = str(new["in_thread"]).rpartition(":")[2]
    if new.get("also_to_channel"):
        old["broadcast"] = True
    if isinstance(new.get("attachment"), dict):
        old["file"] = new["attachment"]
    return old
