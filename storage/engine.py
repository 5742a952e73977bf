"""Create the async engine and session factory for a database URL."""

from __future__ import annotations

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


def make_engine(url: str) -> AsyncEngine:
    """An async engine; SQLite connections enforce foreign keys.

    PostgreSQL: ten connections kept open, none opened and closed for a burst (a new
    one costs more than a request), renewed every half hour. They are not pinged before
    each use, which would cost three round trips (more than a check-in's statements):
    after the server restarts, the first statement on an old connection fails, and that
    failure renews them all (docs/DESIGN.md, "Issue 13: acknowledgement and events").

    SQLite lets one connection write at a time, and one waiting for another sleeps in
    steps of up to 100 ms: the bot keeps a single connection to its file, on which units
    of work take turns in order.
    """
    if make_url(url).get_backend_name() != "sqlite":
        return create_async_engine(url, pool_size=10, max_overflow=0, pool_recycle=1800)
    engine = create_async_engine(url, pool_size=1, max_overflow=0)
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
    # In WAL mode a commit then needs no fsync; it survives the process being killed,
    # and only a power cut or an operating system crash can lose the last few commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
