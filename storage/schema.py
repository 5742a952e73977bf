"""A new database's schema, made in one go rather than by running every migration.

Alembic's cookbook does this ("Building an Up to Date Database from Scratch"): the ORM's
create_all makes the tables, and the database is stamped with the newest migration, which
is what its migrations are for: changing a database that exists. Loading Alembic and its
migrations cost a first start a fifth of a second and 8 MB that stayed for good. A test
(tests/storage/test_new_schema.py) checks that a database made here is the one the
migrations build, full-text indexes and all.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, MetaData, PrimaryKeyConstraint, String, Table, inspect

from storage.orm import Base

# Alembic's table naming the newest migration applied, as Alembic makes it.
ALEMBIC_VERSION = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)

# The full-text indexes of migration 0013, which the ORM does not map (storage.orm,
# SEARCH_INDEXES): (the table searched, its FTS5 index on SQLite, its GIN index on
# PostgreSQL). Porter stemming, accents folded.
SEARCHED = (
    ("questions", "question_search", "ix_questions_search"),
    ("question_posts", "question_post_search", "ix_question_posts_search"),
)
TOKENIZER = "porter unicode61 remove_diacritics 2"


def create_schema(connection: Connection, revision: str) -> bool:
    """Make every table of a database that has none, and stamp it at `revision`; False,
    making nothing, when it has tables (Alembic then brings them up to date)."""
    if inspect(connection).get_table_names():
        return False
    Base.metadata.create_all(connection, checkfirst=False)
    for statement in _search_indexes(connection.dialect.name):
        connection.exec_driver_sql(statement)
    ALEMBIC_VERSION.create(connection)
    connection.execute(ALEMBIC_VERSION.insert().values(version_num=revision))
    return True


def _search_indexes(dialect: str) -> list[str]:
    """SQLite: an FTS5 index holding the words of each text, kept current by triggers.
    PostgreSQL: a GIN index on each text's words, which PostgreSQL keeps current."""
    if dialect != "sqlite":
        return [
            f"CREATE INDEX {index} ON {table} USING gin (to_tsvector('english', text))"
            for table, _, index in SEARCHED
        ]
    statements = []
    for table, index, _ in SEARCHED:
        add = f"INSERT INTO {index}(rowid, text) VALUES (new.id, new.text);"
        remove = f"INSERT INTO {index}({index}, rowid, text) VALUES ('delete', old.id, old.text);"
        statements += [
            f"CREATE VIRTUAL TABLE {index} USING fts5(text, content='{table}', "
            f"content_rowid='id', tokenize='{TOKENIZER}')",
            f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
            f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
            f"CREATE TRIGGER {index}_update AFTER UPDATE OF text ON {table} "
            f"BEGIN {remove} {add} END",
        ]
    return statements
