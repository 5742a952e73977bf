"""Bring a database schema up to date with the Alembic migrations, or check that it is."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from storage.engine import UPGRADE, DatabaseNotReady, check_sqlite_file, schema_engine
from storage.schema import create_schema, stamped_revision

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r'^revision: str = "(\w+)"$', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision: str \| None = "(\w+)"$', re.MULTILINE)


def alembic_config(url: str) -> Config:
    """An Alembic config built in code, so no alembic.ini is needed at run time."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Config values go through ConfigParser interpolation: escape a password's %-encoding.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_sync(url: str) -> None:
    """Apply every pending migration; call it only where no event loop is running."""
    from alembic import command

    check_sqlite_file(url, create=True)
    command.upgrade(alembic_config(url), "head")


async def upgrade(url: str) -> None:
    """Bring the schema up to date from async code.

    Alembic is loaded only for a database that has tables at an older migration: one at
    the newest, as at every start but the first, needs nothing, and a new one is made
    from the ORM's tables (storage.schema), on the connection that found it new. Loading
    Alembic costs a tenth of a second and 10 MB that would stay.
    """
    check_sqlite_file(url, create=True)
    engine = schema_engine(url)
    try:
        async with engine.begin() as connection:
            revision = await connection.run_sync(stamped_revision)
            if revision == head_revision():
                return
            if revision is None and await create_schema(connection, head_revision()):
                return
    finally:
        await engine.dispose()
    # env.py starts its own event loop, which cannot happen on a thread already running one.
    await asyncio.to_thread(upgrade_sync, url)


async def is_current(url: str) -> bool:
    """Whether the database's schema is at the newest migration."""
    return await current_revision(url) == head_revision()


async def current_revision(url: str) -> str | None:
    """The revision the database is at; None when it has no tables yet."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(stamped_revision)
    finally:
        await engine.dispose()


def head_revision() -> str:
    """The newest migration, from the migration files' headers: the one no other revises."""
    texts = [path.read_text(encoding="utf-8") for path in (MIGRATIONS / "versions").glob("*.py")]
    revisions: set[str] = {m for t in texts for m in _REVISION.findall(t)}
    revised: set[str] = {m for t in texts for m in _DOWN_REVISION.findall(t)}
    (head,) = revisions - revised
    return head


async def check_up_to_date(url: str) -> None:
    """Refuse a database whose tables are missing or old, for the tools that read it or
    must write nothing; never create a SQLite file that is not there."""
    check_sqlite_file(url, create=False)
    revision = await current_revision(url)
    if revision is None:
        raise DatabaseNotReady(f"it has no tables yet. {UPGRADE}")
    if revision != head_revision():
        raise DatabaseNotReady(f"its tables are not those of this version. {UPGRADE}")
