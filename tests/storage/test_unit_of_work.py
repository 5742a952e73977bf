"""The unit of work keeps what was committed and rolls back everything else."""

from __future__ import annotations

import pytest

from bot.core.model import Person
from bot.core.ports import UnitOfWork, UnitOfWorkFactory
from storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory

ADA = Person("slack", "U1", "Ada Lovelace")


async def stored(uow: SqlUnitOfWorkFactory, user_id: str = "U1") -> Person | None:
    async with uow() as work:
        return await work.people.find("slack", user_id)


async def test_committed_changes_are_kept(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        added = await work.people.add(ADA)
        await work.commit()
    assert await stored(uow) == added


async def test_leaving_without_commit_rolls_back(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        await work.people.add(ADA)
    assert await stored(uow) is None


async def test_an_error_inside_rolls_back_and_is_not_swallowed(
    uow: SqlUnitOfWorkFactory,
) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        async with uow() as work:
            await work.people.add(ADA)
            raise RuntimeError("boom")
    assert await stored(uow) is None


async def test_work_after_the_last_commit_is_rolled_back(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        await work.people.add(ADA)
        await work.commit()
        await work.people.add(Person("slack", "U2", "Grace Hopper"))
    assert await stored(uow, "U1") is not None
    assert await stored(uow, "U2") is None


async def test_repositories_return_core_objects(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        added = await work.people.add(ADA)
        found = await work.people.find("slack", "U1")
    assert type(added) is Person and type(found) is Person
    assert added is not ADA and ADA.id is None


async def test_each_unit_of_work_is_fresh_and_used_once(uow: SqlUnitOfWorkFactory) -> None:
    first: UnitOfWork = uow()
    assert uow() is not first
    async with first:
        with pytest.raises(RuntimeError, match="already open"):
            await first.__aenter__()


async def test_committing_outside_the_block_is_an_error(uow: SqlUnitOfWorkFactory) -> None:
    with pytest.raises(RuntimeError, match="outside"):
        await uow().commit()


def test_the_factory_fits_the_core_port(uow: SqlUnitOfWorkFactory) -> None:
    factory: UnitOfWorkFactory = uow
    assert isinstance(factory(), SqlUnitOfWork)
