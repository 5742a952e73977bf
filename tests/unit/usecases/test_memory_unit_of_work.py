"""The in-memory unit of work keeps what is committed and forgets the rest, as SQL does."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core.model import AuditEntry, Cohort, Person
from tests.deliveries import delivery
from tests.fakes.core.memory_uow import MemoryUnitOfWorkFactory
from tests.fakes.core.tables import ConcurrentUpdate, UniqueViolation

NOW = datetime(2027, 1, 4, 10, tzinfo=UTC)


def camden_person() -> Person:
    return Person("test", "amira", "Amira Khan", organisation_id="camden")


async def test_what_is_committed_is_seen_by_the_next_unit_of_work() -> None:
    factory = MemoryUnitOfWorkFactory()
    async with factory() as uow:
        added = await uow.people.add(camden_person())
        await uow.commit()

    async with factory() as uow:
        assert await uow.people.find("test", "amira") == added


async def test_leaving_the_block_without_commit_rolls_everything_back() -> None:
    factory = MemoryUnitOfWorkFactory()
    async with factory() as uow:
        await uow.people.add(camden_person())
        await uow.deliveries.enqueue(delivery("nudge:1:1:1", "amira", "Hi", platform="test"))

    async with factory() as uow:
        assert await uow.people.find("test", "amira") is None
        assert await uow.deliveries.get("nudge:1:1:1") is None


async def test_changing_a_returned_object_changes_nothing_until_it_is_updated() -> None:
    factory = MemoryUnitOfWorkFactory()
    async with factory() as uow:
        person = await uow.people.add(camden_person())
        person.display_name = "Someone else"
        found = await uow.people.find("test", "amira")
        assert found is not None and found.display_name == "Amira Khan"
        await uow.people.update(person)
        assert (await uow.people.find("test", "amira")) == person


async def test_two_units_of_work_that_change_one_row_at_once_cannot_both_commit() -> None:
    factory = MemoryUnitOfWorkFactory()
    async with factory() as uow:
        await uow.deliveries.enqueue(delivery("k", "amira", "Hi", platform="test"))
        await uow.commit()
        stored = await uow.deliveries.get("k")
    assert stored is not None and stored.id is not None

    async with factory() as first, factory() as second:
        assert await first.deliveries.claim(stored, NOW, NOW, "p1")
        assert await second.deliveries.claim(stored, NOW, NOW, "p2")
        await first.commit()
        with pytest.raises(ConcurrentUpdate):
            await second.commit()


async def test_unique_keys_and_naive_times_are_refused_as_the_database_refuses_them() -> None:
    factory = MemoryUnitOfWorkFactory()
    async with factory() as uow:
        await uow.people.add(camden_person())
        with pytest.raises(UniqueViolation):
            await uow.people.add(camden_person())
        await uow.cohorts.add(Cohort("c", "C", date(2027, 1, 11), 6, "Europe/London"))
        with pytest.raises(UniqueViolation):
            await uow.cohorts.add(Cohort("c", "Again", date(2027, 1, 11), 6, "Europe/London"))
        with pytest.raises(ValueError, match="naive"):
            await uow.audit.add(AuditEntry(None, "enrol-leader"), datetime(2027, 1, 4))


async def test_a_delivery_key_is_queued_once() -> None:
    factory = MemoryUnitOfWorkFactory()
    async with factory() as uow:
        assert await uow.deliveries.enqueue(delivery("k", "amira", "Hi", platform="test"))
        assert not await uow.deliveries.enqueue(delivery("k", "amira", "Again", platform="test"))
        await uow.commit()
        kept = await uow.deliveries.get("k")
    assert kept is not None and kept.outgoing.message.text == "Hi"
