"""Shared fixtures: a migrated database (SQLite, and PostgreSQL when asked) and the fake Slack."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, MetaData
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from storage.engine import sqlite_file
from storage.migrate import upgrade

pytest_plugins = ["tests.fakes.fixtures"]

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One up-to-date SQLite file, copied for each test: making it every time is slow."""
    path = tmp_path_factory.mktemp("template") / "facilitator.db"
    asyncio.run(upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> AsyncIterator[str]:
    """An empty, migrated database for one test."""
    if request.param == "sqlite":
        path = tmp_path / "facilitator.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    await _reset_postgres(POSTGRES_URL)
    yield POSTGRES_URL


async def _reset_postgres(url: str) -> None:
    try:
        await empty_database(url)
    except OSError as error:
        pytest.fail(f"PostgreSQL at TEST_DATABASE_URL cannot be reached: {error}")
    await upgrade(url)


@pytest.fixture(params=BACKENDS)
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no tables, as a new PostgreSQL database or SQLite file is before
    `facilitator db upgrade`."""
    url = (
        POSTGRES_URL
        if request.param == "postgresql"
        else f"sqlite+aiosqlite:///{tmp_path}/empty.db"
    )
    await empty_database(url)
    return url


async def empty_database(url: str) -> None:
    """Leave the database with no tables: an empty SQLite file, or PostgreSQL's dropped."""
    path = sqlite_file(url)
    if path is not None:
        await asyncio.to_thread(path.write_bytes, b"")
        return
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_drop_every_table)
    finally:
        await engine.dispose()


def _drop_every_table(connection: Connection) -> None:
    tables = MetaData()
    tables.reflect(connection)
    tables.drop_all(connection)
