"""A new database is made from the ORM's tables (storage/schema.py), and it is the database
the migrations build: the same tables, columns, keys, indexes, full-text indexes and
AUTOINCREMENT, at the same revision."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from storage.migrate import current_revision, head_revision, upgrade, upgrade_sync
from tests.conftest import empty_database


async def test_a_new_database_is_the_one_the_migrations_build(empty_database_url: str) -> None:
    url = empty_database_url
    await asyncio.to_thread(upgrade_sync, url)  # every migration, by Alembic
    migrated = await _schema(url)
    await empty_database(url)
    await upgrade(url)
    assert await _schema(url) == migrated
    assert await current_revision(url) == head_revision()


async def test_a_database_with_tables_is_left_to_the_migrations(empty_database_url: str) -> None:
    url = empty_database_url
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
        await upgrade(url)
        async with engine.connect() as connection:
            found = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    finally:
        await engine.dispose()
    # Alembic ran every migration beside the table it did not make, as it always did.
    assert {"notes", "cohorts", "alembic_version"} <= found
    assert await current_revision(url) == head_revision()


def test_making_a_new_database_never_loads_alembic(tmp_path: Path) -> None:
    # In a fresh interpreter: in this one the migration tests have loaded Alembic already.
    url = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    code = (
        "import asyncio, sys\n"
        "from storage.migrate import upgrade\n"
        f"asyncio.run(upgrade({url!r}))\n"
        "assert 'alembic' not in sys.modules, 'Alembic was loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


async def _schema(url: str) -> dict[str, Any]:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_described)
    finally:
        await engine.dispose()


def _described(connection: Connection) -> dict[str, Any]:
    """Everything the database says of its schema, in an order that does not depend on the
    order things were made in (a column a migration added comes last in its table)."""
    found = inspect(connection)
    tables: dict[str, Any] = {
        table: {
            "columns": sorted(map(repr, found.get_columns(table))),
            "primary key": found.get_pk_constraint(table),
            "foreign keys": sorted(map(repr, found.get_foreign_keys(table))),
            "indexes": sorted(map(repr, found.get_indexes(table))),
            "unique": sorted(map(repr, found.get_unique_constraints(table))),
            "checks": sorted(map(repr, found.get_check_constraints(table))),
        }
        for table in found.get_table_names()
    }
    if connection.dialect.name == "sqlite":
        # What the inspector does not tell: the FTS5 tables' and triggers' own SQL, and
        # which tables never reuse an id.
        rows = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "OR sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
        tables["sqlite: triggers and virtual tables"] = {name: sql for name, sql in rows}
        rows = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE sql LIKE '%AUTOINCREMENT%' ORDER BY name"
        )
        tables["sqlite: AUTOINCREMENT"] = rows.scalars().all()
    return tables
