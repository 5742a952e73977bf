"""A new database's schema, made in one go rather than by running every migration.

Alembic's cookbook does this ("Building an Up to Date Database from Scratch"): the tables
are made as the ORM's create_all makes them, and the database is stamped with the newest
migration, which is what its migrations are for: changing a database that exists.
Loading Alembic and its migrations cost a first start a fifth of a second and 8 MB that
stayed for good. A test (tests/storage/test_new_schema.py) checks that a database made
here is the one the migrations build, full-text indexes and all.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Connection,
    Dialect,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    create_mock_engine,
    inspect,
    select,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.ddl import ExecutableDDLElement

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


def stamped_revision(connection: Connection) -> str | None:
    """The revision the database is stamped at; None when it has none (a new database)."""
    if not inspect(connection).has_table(ALEMBIC_VERSION.name):
        return None
    versions = connection.execute(select(ALEMBIC_VERSION.c.version_num)).scalars().all()
    return versions[0] if len(versions) == 1 else None


async def create_schema(connection: AsyncConnection, revision: str) -> bool:
    """Make every table of a database that has none, and stamp it at `revision`, in the
    connection's transaction; False, making nothing, when it has tables (Alembic then
    brings them up to date).

    PostgreSQL is sent it all as one script, which asyncpg sends in one round trip; one
    statement at a time, asyncpg prepares each and then runs it, two round trips each.
    """
    if await connection.run_sync(lambda sync: bool(inspect(sync).get_table_names())):
        return False
    statements = _statements(connection.dialect, revision)
    if connection.dialect.name == "postgresql":
        # The table names were read on this connection: the script joins that transaction.
        asyncpg = (await connection.get_raw_connection()).driver_connection
        assert asyncpg is not None
        await asyncpg.execute(";\n".join(statements))
        return True
    for statement in statements:
        await connection.exec_driver_sql(statement)
    return True


def _statements(dialect: Dialect, revision: str) -> list[str]:
    """What makes a new database: the statements create_all would run (recorded, as
    SQLAlchemy's FAQ shows, by a mock engine), the full-text indexes, and Alembic's table
    stamped at `revision`."""
    made: list[ExecutableDDLElement] = []
    url = f"{dialect.name}+{dialect.driver}://"
    recorder = create_mock_engine(url, lambda ddl, *_, **__: made.append(ddl))
    Base.metadata.create_all(recorder, checkfirst=False)
    ALEMBIC_VERSION.create(recorder)
    stamp = ALEMBIC_VERSION.insert().values(version_num=revision)
    return [
        *(str(ddl.compile(dialect=dialect)).strip() for ddl in made),
        *_search_indexes(dialect.name),
        str(stamp.compile(dialect=dialect, compile_kwargs={"literal_binds": True})),
    ]


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
