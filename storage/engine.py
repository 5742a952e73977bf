"""Create the async engine and session factory for a database URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry


class DatabaseNotReady(Exception):
    """The database cannot be used yet; the message says why and what to do."""


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database; None for other databases and in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def check_folder(url: str) -> None:
    """Refuse a SQLite file in a folder that does not exist, before anything connects: a
    failed connection can leave the driver's thread calling back into a closed event loop,
    which prints a traceback."""
    path = sqlite_file(url)
    if path is not None and not path.parent.is_dir():
        raise DatabaseNotReady(
            f"the folder {path.parent} for its file {path.name} does not exist. Create the "
            "folder, or set DATABASE_URL to a file in a folder that exists."
        )


def make_engine(url: str) -> AsyncEngine:
    """An async engine; SQLite connections enforce foreign keys."""
    check_folder(url)
    engine = create_async_engine(url, pool_pre_ping=True)
    if make_url(url).get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
    return engine


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit, as async code cannot lazy-load."""
    return async_sessionmaker(engine, expire_on_commit=False)


def _configure_sqlite(dbapi_connection: Any, _: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless each connection asks for them.
    cursor.execute("PRAGMA foreign_keys=ON")
    # Readers do not wait for the writer in WAL mode, and a writer waits up to 30 s for
    # another (requests arriving together, the outbox recording a send) instead of
    # failing with "database is locked".
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
