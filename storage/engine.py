"""Create the async engine and session factory for a database URL."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry, NullPool

from storage import sqlite_driver

UPGRADE = "Run facilitator db upgrade (make run does it for you), then run this again."


class DatabaseNotReady(Exception):
    """The database cannot be used yet; the message says why and what to do."""


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database; None for other databases and in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def check_sqlite_file(url: str, create: bool) -> None:
    """Open a SQLite database's file once, synchronously, before anything async does: a
    failed aiosqlite connection can leave its thread calling back into a closed event loop,
    which prints a traceback after our message. Refuse a folder that does not exist, a
    missing file unless `create`, and a file that cannot be opened, saying what to do."""
    path = sqlite_file(url)
    if path is None:
        return
    if not path.parent.is_dir():
        raise DatabaseNotReady(
            f"the folder {path.parent} for its file {path.name} does not exist. Create the "
            "folder, or set DATABASE_URL to a file in a folder that exists."
        )
    if not create and not path.exists():
        raise DatabaseNotReady(f"there is no database file at {path}. {UPGRADE}")
    try:
        sqlite3.connect(path).close()
    except sqlite3.Error as error:
        raise DatabaseNotReady(f"cannot open its file {path} ({error}).") from error


def make_engine(url: str) -> AsyncEngine:
    """An async engine; SQLite connections enforce foreign keys.

    PostgreSQL: ten connections kept open, none opened and closed for a burst (a new
    one costs more than a request), renewed every half hour. They are not pinged before
    each use, which would cost three round trips (more than a check-in's statements):
    after the server restarts, the first statement on an old connection fails, and that
    failure renews them all (docs/DESIGN.md, "Issue 13: acknowledgement and events").

    SQLite lets one connection write at a time, and one waiting for another sleeps in
    steps of up to 100 ms: the bot keeps a single connection to its file, on which units
    of work take turns in order. An insert of many rows that returns what it added goes a
    hundred rows a statement, not SQLAlchemy's thousand: the sqlite3 module keeps each
    statement it prepared for as long as the connection lasts, and the three that synced
    a cohort file of 10,000 leaders held 5 MB, for the same speed.
    """
    if make_url(url).get_backend_name() != "sqlite":
        return create_async_engine(url, pool_size=10, max_overflow=0, pool_recycle=1800)
    engine = create_async_engine(url, pool_size=1, max_overflow=0, insertmanyvalues_page_size=100)
    event.listen(engine.sync_engine, "do_connect", _one_trip_a_statement)
    event.listen(engine.sync_engine, "connect", _configure_sqlite)
    return engine


def schema_engine(url: str) -> AsyncEngine:
    """A throwaway engine for changing the schema, each connection's work one transaction.

    The sqlite3 module commits DDL as it goes, so SQLite is given our own BEGIN: a new
    database is made in one commit (one wait for the disk, not one per statement), and a
    change that fails leaves the schema as it was.
    """
    engine = create_async_engine(url, poolclass=NullPool)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _own_transactions)
        event.listen(engine.sync_engine, "begin", _begin)
    return engine


def _own_transactions(dbapi_connection: Any, _: ConnectionPoolEntry) -> None:
    dbapi_connection.isolation_level = None


def _begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


async def open_every_connection(engine: AsyncEngine) -> None:
    """Open at once every connection the pool keeps.

    Opening a PostgreSQL connection (the login, and asyncpg's and SQLAlchemy's setup of
    it) costs the event loop more than a request does: left to the first burst of
    requests after a start, it delayed that burst's acknowledgements several-fold.
    """
    pool = engine.pool
    size = pool.size() - pool.checkedout()  # type: ignore[attr-defined]
    if size <= 0:
        return
    everyone_open = asyncio.Barrier(size)

    async def hold() -> None:
        async with engine.connect():
            await everyone_open.wait()

    await asyncio.gather(*(hold() for _ in range(size)))


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit, as async code cannot lazy-load."""
    return async_sessionmaker(engine, expire_on_commit=False)


def _one_trip_a_statement(
    dialect: Dialect, _: ConnectionPoolEntry, args: list[Any], options: dict[str, Any]
) -> Any:
    """SQLAlchemy's aiosqlite adapter over our connection to the file (storage/sqlite_driver.py),
    opened with the arguments SQLAlchemy made from the URL."""
    return dialect.loaded_dbapi.connect(*args, async_creator_fn=sqlite_driver.connect, **options)


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
