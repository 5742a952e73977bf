"""One sending process per SQLite file; several start one at a time on PostgreSQL.

A SQLite file belongs to one process: a second `facilitator run` or shell on the same
file is refused, clearly, rather than share it (each would take the other's claims on
the outbox as those of a dead process). PostgreSQL serves several processes; those
starting together take turns to migrate the schema and sync the cohort file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

# Any fixed number, the same in every process, other than the scheduler lock's.
STARTUP_LOCK_KEY = 0x46_41_43_53  # "FACS"


class DatabaseInUse(Exception):
    """Another process is using this SQLite file."""


def database_file(url: str) -> Path | None:
    """The SQLite file a URL names; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


@contextlib.contextmanager
def sole_user(url: str) -> Iterator[bool]:
    """Hold the database for this process while the block runs; yields whether this
    process is the only one that can be using it (true of a SQLite file).

    Raises DatabaseInUse when another process holds the SQLite file.
    """
    path = database_file(url)
    if path is None:
        yield make_url(url).get_backend_name() == "sqlite"
        return
    lock_path = path.with_name(path.name + ".lock")
    with lock_path.open("a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            raise DatabaseInUse(
                f"{path} is in use by {holder}. A SQLite database serves one bot at a "
                "time: stop the other one first, or use PostgreSQL (DATABASE_URL) to run "
                "several."
            ) from None
        lock.truncate(0)
        lock.write(f"process {os.getpid()}")
        lock.flush()
        try:
            yield True
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.asynccontextmanager
async def one_starting_at_a_time(engine: AsyncEngine) -> AsyncIterator[None]:
    """On PostgreSQL, wait until no other process is starting (migrating the schema,
    syncing the cohort file), and keep others waiting until the block ends. The lock is
    held on a connection of the engine's pool, which serves the bot afterwards."""
    if engine.dialect.name != "postgresql":
        yield
        return
    async with engine.connect() as connection:
        await connection.scalar(select(func.pg_advisory_lock(STARTUP_LOCK_KEY)))
        await connection.commit()
        try:
            yield
        finally:
            try:
                await connection.scalar(select(func.pg_advisory_unlock(STARTUP_LOCK_KEY)))
                await connection.commit()
            except BaseException:
                # A session lock outlives a failed unlock: the connection must not go back
                # to the pool still holding it, or every later start would wait forever.
                await connection.invalidate()
                raise
