"""What the console shell keeps in its database between runs (its clock), what is in that
database, and emptying it to start over."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from bot.core.personal_data import FORGOTTEN_PREFIX
from storage.orm import Base, CohortRow, ConsoleClockRow, PersonRow

CLOCK_ID = 1  # the table holds one row


class ConsoleState:
    """The console's clock, and the database's contents, over an engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def saved_time(self) -> datetime | None:
        """The time the console reached when it last ran; None if it never ran here."""
        async with self._engine.connect() as connection:
            return await connection.scalar(select(ConsoleClockRow.now))

    async def keep_time(self, now: datetime) -> None:
        insert = pg_insert if self._engine.dialect.name == "postgresql" else sqlite_insert
        statement = insert(ConsoleClockRow).values(id=CLOCK_ID, now=now)
        statement = statement.on_conflict_do_update(index_elements=["id"], set_={"now": now})
        async with self._engine.begin() as connection:
            await connection.execute(statement)

    async def people(self, platform: str) -> list[tuple[str, str]]:
        """Everyone on the platform, as (their id there, their name); not the forgotten."""
        query = select(PersonRow.platform_user_id, PersonRow.display_name).where(
            PersonRow.platform == platform,
            PersonRow.platform_user_id.not_like(f"{FORGOTTEN_PREFIX}%"),
        )
        async with self._engine.connect() as connection:
            return [(user, name) for user, name in await connection.execute(query)]

    async def platforms(self) -> set[str]:
        """The platforms the database's cohorts run on."""
        async with self._engine.connect() as connection:
            return set(await connection.scalars(select(CohortRow.platform).distinct()))

    async def row_counts(self) -> dict[str, int]:
        """How many rows each table holds, for the tables that hold any (the clock too)."""
        counts = {}
        async with self._engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                count = await connection.scalar(select(func.count()).select_from(table))
                if count:
                    counts[table.name] = count
        return counts

    async def clear(self) -> None:
        """Delete every row of every table (the clock too), in one transaction."""
        async with self._engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                await connection.execute(delete(table))


async def console_time(url: str) -> datetime | None:
    """The console's clock in the database at `url`, for a command-line tool."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        return await ConsoleState(engine).saved_time()
    finally:
        await engine.dispose()
