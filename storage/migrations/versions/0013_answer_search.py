"""Search the questions and the moderators' replies by their words, count the questions a
published answer saved, and mark answered the waiting questions a moderator replied to.

SQLite: an FTS5 index over `questions.text` and one over `question_posts.text`, holding
words only (external content), kept current by triggers on every insert, update and
delete. PostgreSQL: GIN indexes on `to_tsvector('english', text)` of both tables, which
PostgreSQL keeps current itself. Neither copies any text.

Revision ID: 0013
Revises: 0012
Create Date: 2027-06-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (the table searched, its FTS5 index on SQLite, its GIN index on PostgreSQL)
SEARCHED = (
    ("questions", "question_search", "ix_questions_search"),
    ("question_posts", "question_post_search", "ix_question_posts_search"),
)
# Porter stemming, so "measures" finds "measure"; accents folded, so "cafe" finds "café".
TOKENIZER = "porter unicode61 remove_diacritics 2"


def _sqlite_index(table: str, index: str) -> list[str]:
    """An FTS5 index of `table.text` and the triggers that keep it current."""
    add = f"INSERT INTO {index}(rowid, text) VALUES (new.id, new.text);"
    remove = f"INSERT INTO {index}({index}, rowid, text) VALUES ('delete', old.id, old.text);"
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5(text, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZER}')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF text ON {table} BEGIN {remove} {add} END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",  # what the table holds already
    ]


def _build_indexes() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, index, _ in SEARCHED:
            for statement in _sqlite_index(table, index):
                op.execute(statement)
        return
    for table, _, index in SEARCHED:
        op.create_index(
            index,
            table,
            [sa.text("to_tsvector('english', text)")],
            postgresql_using="gin",
        )


def _drop_indexes() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for _, index, _ in SEARCHED:
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER {index}_{trigger}")
            op.execute(f"DROP TABLE {index}")
        return
    for table, _, index in SEARCHED:
        op.drop_index(index, table_name=table)


def _answer_replied_questions() -> None:
    """A waiting question whose newest word is a moderator's reply is answered: before this
    revision a reply left it open (issue 12, item 7)."""
    newest = "SELECT max(at) FROM question_posts WHERE question_id = questions.id AND side = '{}'"
    moderators = newest.format("moderators") + " AND internal = false"
    op.execute(
        "UPDATE questions SET status = 'answered' "
        "WHERE status IN ('open', 'claimed') AND first_reply_at IS NOT NULL "
        f"AND ({moderators}) >= coalesce(({newest.format('asker')}), first_reply_at)"
    )


def upgrade() -> None:
    _build_indexes()
    op.create_table(
        "saved_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name="fk_saved_questions_cohort_id_cohorts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_saved_questions"),
    )
    op.create_index("ix_saved_questions_cohort_id", "saved_questions", ["cohort_id"])
    _answer_replied_questions()


def downgrade() -> None:
    op.drop_index("ix_saved_questions_cohort_id", table_name="saved_questions")
    op.drop_table("saved_questions")
    _drop_indexes()
