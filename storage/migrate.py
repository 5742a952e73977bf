"""Bring a database schema up to date with the Alembic migrations, or check that it is."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from storage.engine import UPGRADE, DatabaseNotReady, check_sqlite_file

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config built in code, so no alembic.ini is needed at run time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Config values go through ConfigParser interpolation: escape a password's %-encoding.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_sync(url: str) -> None:
    """Apply every pending migration; call it only where no event loop is running."""
    check_sqlite_file(url, create=True)
    command.upgrade(alembic_config(url), "head")


async def upgrade(url: str) -> None:
    """Apply every pending migration from async code."""
    # env.py starts its own event loop, which cannot happen on a thread already running one.
    await asyncio.to_thread(upgrade_sync, url)


def head_revision() -> str | None:
    """The newest migration's revision."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


async def current_revision(url: str) -> str | None:
    """The revision the database is at; None when it has no tables yet."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_revision)
    finally:
        await engine.dispose()


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def check_up_to_date(url: str) -> None:
    """Refuse a database whose tables are missing or old, for the tools that read it or
    must write nothing; never create a SQLite file that is not there."""
    check_sqlite_file(url, create=False)
    revision = await current_revision(url)
    if revision is None:
        raise DatabaseNotReady(f"it has no tables yet. {UPGRADE}")
    if revision != head_revision():
        raise DatabaseNotReady(f"its tables are not those of this version. {UPGRADE}")
