"""SQLite through aiosqlite, one trip to its thread a statement (storage/sqlite_driver.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.model import Completion, Enrolment
from storage.uow import SqlUnitOfWorkFactory
from tests.storage.conftest import NOON, AddPerson, Enrol

COUNT_TO_250 = text(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250) SELECT i FROM n"
)


@pytest.fixture
async def trips(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each call sent to aiosqlite's thread from now on, by name. The engine keeps one
    connection to the file, so every unit of work uses this one."""
    if engine.dialect.name != "sqlite":
        pytest.skip("aiosqlite is for SQLite")
    async with engine.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
    sent: list[str] = []
    passed_on: Callable[..., Awaitable[Any]] = driver._execute

    async def counted(call: Callable[..., Any], *args: Any) -> Any:
        sent.append(call.__name__)
        return await passed_on(call, *args)

    monkeypatch.setattr(driver, "_execute", counted)
    return sent


@pytest.fixture
async def leading(add_person: AddPerson, enrol: Enrol) -> Enrolment:
    return await enrol(await add_person("Amira Khan"))


async def test_a_check_in_takes_a_trip_for_each_statement_and_one_to_commit(
    uow: SqlUnitOfWorkFactory, leading: Enrolment, trips: list[str]
) -> None:
    """Who asks, the completion, the modules done, the commit: and no trip to roll back
    when the unit of work closes, as there is nothing left to roll back."""
    assert leading.id is not None
    async with uow() as work:
        [(person, _, _)] = await work.enrolments.active_of("slack", "UAMIRAKHAN")
        assert await work.completions.add(Completion(leading.id, "m1", "command", NOON))
        assert [c.module_id for c in await work.completions.for_enrolment(leading.id)] == ["m1"]
        await work.commit()
    assert person.display_name == "Amira Khan"
    assert trips == ["_execute", "_execute", "_execute", "commit"]


async def test_a_unit_of_work_that_only_reads_takes_no_trip_to_end(
    uow: SqlUnitOfWorkFactory, leading: Enrolment, trips: list[str]
) -> None:
    async with uow() as work:
        assert len(await work.enrolments.active_of("slack", "UAMIRAKHAN")) == 1
    async with uow() as work:
        assert len(await work.enrolments.active_of("slack", "UAMIRAKHAN")) == 1
        await work.commit()
    assert trips == ["_execute", "_execute"]


async def test_an_uncommitted_change_is_still_rolled_back(
    uow: SqlUnitOfWorkFactory, leading: Enrolment, trips: list[str]
) -> None:
    assert leading.id is not None
    async with uow() as work:
        await work.completions.add(Completion(leading.id, "m1", "command", NOON))
    async with uow() as work:
        assert await work.completions.for_enrolment(leading.id) == []
    assert trips == ["_execute", "rollback", "_execute"]


async def test_rows_beyond_those_read_with_the_statement_come_in_one_more_trip(
    engine: AsyncEngine, trips: list[str]
) -> None:
    async with engine.connect() as connection:
        counted = (await connection.execute(COUNT_TO_250)).scalars().all()
    assert counted == list(range(1, 251))
    assert trips == ["_execute", "_more"]


async def test_streamed_rows_come_a_slice_at_a_time(engine: AsyncEngine, trips: list[str]) -> None:
    # A hundred with the statement; SQLAlchemy asks for the rest in slices of its own.
    async with engine.connect() as connection:
        streamed = await connection.stream(COUNT_TO_250.execution_options(yield_per=100))
        counted = [i async for (i,) in streamed]
    assert counted == list(range(1, 251))
    assert trips[0] == "_execute" and len(trips) > 2 and set(trips[1:]) == {"_more"}
