"""Who runs timed jobs when several bot processes share one PostgreSQL database."""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

logger = logging.getLogger(__name__)

# Any fixed number, the same in every process: PostgreSQL advisory locks are named by integers.
SCHEDULER_LOCK_KEY = 0x46_41_43_49  # "FACI"


class SchedulerLock:
    """A PostgreSQL advisory lock held on its own connection for as long as the process runs.

    SQLite is one process's file, so there the lock is always granted.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    @property
    def held(self) -> bool:
        return self._connection is not None or self._engine.dialect.name != "postgresql"

    async def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; True if this process now holds it."""
        if self.held:
            return True
        connection = await self._engine.connect()
        granted = await connection.scalar(select(func.pg_try_advisory_lock(SCHEDULER_LOCK_KEY)))
        # The lock belongs to the session, not the transaction: end the transaction so the
        # held connection does not sit idle in one.
        await connection.commit()
        if granted:
            self._connection = connection
        else:
            await connection.close()
        return bool(granted)

    async def release(self) -> None:
        """Give the lock up, before the connection goes back to the pool."""
        if self._connection is not None:
            await self._connection.scalar(select(func.pg_advisory_unlock(SCHEDULER_LOCK_KEY)))
            await self._connection.commit()
            await self._connection.close()
            self._connection = None
