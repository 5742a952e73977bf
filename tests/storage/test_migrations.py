"""The Alembic migrations build exactly the schema the ORM describes."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, inspect
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from storage.migrate import alembic_config, head_revision, is_current, upgrade, upgrade_sync
from storage.orm import SEARCH_INDEXES, Base, compared, is_search_index

TABLES = {
    "alembic_version",
    "announcements",
    "audit_log",
    "bot_processes",
    "champions",
    "cohorts",
    "completions",
    "console_clock",
    "conversation_references",
    "deliveries",
    "downloads",
    "enrolments",
    "invitations",
    "organisations",
    "people",
    "poll_format_votes",
    "poll_slots",
    "poll_votes",
    "polls",
    "processed_events",
    "progress_snapshots",
    "question_posts",
    "questions",
    "reflection_sessions",
    "reflections",
    "saved_questions",
    "session_seats",
}


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"include_name": compared})
    return list(compare_metadata(context, Base.metadata))


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _tables(connection: Connection) -> set[str]:
    """The tables, leaving out the full-text indexes (SQLite's are tables)."""
    return {t for t in inspect(connection).get_table_names() if not is_search_index(t)}


def _everything(connection: Connection) -> set[str]:
    """Every table and index name, full-text indexes included."""
    found = inspect(connection)
    tables = set(found.get_table_names())
    return tables | {i["name"] or "" for t in tables for i in found.get_indexes(t)}


async def test_migrations_build_the_schema_the_orm_describes(empty_database_url: str) -> None:
    # Made by Alembic: the test databases, being new, are made from the ORM instead.
    await asyncio.to_thread(upgrade_sync, empty_database_url)
    engine = create_async_engine(empty_database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
            assert await connection.run_sync(_tables) == TABLES
    finally:
        await engine.dispose()


async def test_upgrading_an_up_to_date_database_changes_nothing(
    engine: AsyncEngine, database_url: str
) -> None:
    await upgrade(database_url)
    async with engine.connect() as connection:
        assert await connection.run_sync(_revision) == _head()
        assert await connection.run_sync(_differences) == []


async def test_downgrading_to_base_removes_every_table(
    engine: AsyncEngine, database_url: str
) -> None:
    await asyncio.to_thread(command.downgrade, alembic_config(database_url), "base")
    async with engine.connect() as connection:
        assert await connection.run_sync(_everything) == {"alembic_version"}


async def test_the_full_text_indexes_are_built_for_the_databases_own_search(
    engine: AsyncEngine,
) -> None:
    wanted = {
        "sqlite": {"question_search", "question_post_search"},  # FTS5 tables
        "postgresql": {"ix_questions_search", "ix_question_posts_search"},  # GIN indexes
    }[engine.dialect.name]
    async with engine.connect() as connection:
        assert await connection.run_sync(_everything) & set(SEARCH_INDEXES) == wanted


def test_upgrade_sync_migrates_a_new_database_outside_an_event_loop(tmp_path: Path) -> None:
    upgrade_sync(f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    engine = create_engine(f"sqlite:///{tmp_path / 'new.db'}")
    with engine.connect() as connection:
        assert _tables(connection) == TABLES
    engine.dispose()


def test_percent_signs_in_the_url_survive_the_alembic_config() -> None:
    url = "postgresql+asyncpg://bot:p%40ss@db.example/facilitator"
    assert alembic_config(url).get_main_option("sqlalchemy.url") == url


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def test_the_newest_migration_read_from_the_files_is_alembics_head() -> None:
    assert head_revision() == _head()


async def test_a_database_is_current_only_once_every_migration_is_applied(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    assert not await is_current(url)
    await upgrade(url)
    assert await is_current(url)
    await asyncio.to_thread(command.downgrade, alembic_config(url), "-1")
    assert not await is_current(url)
    await upgrade(url)
    assert await is_current(url)
