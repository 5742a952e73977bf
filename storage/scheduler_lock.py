"""Who runs timed jobs when several bot processes share one PostgreSQL database."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy import func, literal, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

logger = logging.getLogger(__name__)

# Any fixed number, the same in every process: PostgreSQL advisory locks are named by integers.
SCHEDULER_LOCK_KEY = 0x46_41_43_49  # "FACI"
# A check on a connection that hangs (a network gone quiet) counts as a lost lock.
CHECK_TIMEOUT_SECONDS = 10


class AdvisorySchedulerLock:
    """The `SchedulerLock` port: a PostgreSQL advisory lock held on its own connection.

    The lock lives as long as that connection: if the connection drops (a restarted
    database, a network failure, `pg_terminate_backend`), the lock is gone and another
    process may take it, so `still_held` checks the connection with a cheap query.
    SQLite is one process's file, so there the lock is always granted.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    @property
    def _shared(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    async def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; True if this process now holds it."""
        if await self.still_held():
            return True
        connection = await self._engine.connect()
        try:
            key = SCHEDULER_LOCK_KEY
            granted = await connection.scalar(select(func.pg_try_advisory_lock(key)))
            # The lock belongs to the session, not the transaction: end the transaction so
            # the held connection does not sit idle in one.
            await connection.commit()
        except BaseException:
            await _close(connection)
            raise
        if granted:
            self._connection = connection
        else:
            await connection.close()
        return bool(granted)

    async def still_held(self) -> bool:
        """Whether the lock's connection still answers; drops the connection if not."""
        if not self._shared:
            return True
        if self._connection is None:
            return False
        try:
            async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
                await self._connection.scalar(select(literal(1)))
                await self._connection.commit()
        except (SQLAlchemyError, OSError, TimeoutError) as error:
            logger.warning("lost the scheduler lock: %s", type(error).__name__)
            await self._forget()
            return False
        return True

    async def release(self) -> None:
        """Give the lock up, before the connection goes back to the pool."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            await connection.scalar(select(func.pg_advisory_unlock(SCHEDULER_LOCK_KEY)))
            await connection.commit()
        except (SQLAlchemyError, OSError):
            await _close(connection)  # the connection is gone, and the lock with it
            return
        await connection.close()

    async def _forget(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await _close(connection)


async def _close(connection: AsyncConnection) -> None:
    """Close a connection that may be broken; a broken one is not put back in the pool."""
    with contextlib.suppress(SQLAlchemyError, OSError):
        await connection.invalidate()
    with contextlib.suppress(SQLAlchemyError, OSError):
        await connection.close()
