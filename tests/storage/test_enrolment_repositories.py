"""Enrolments, the members of a cohort, and the modules each enrolment has completed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from bot.core.model import Cohort, Completion, Enrolment, EnrolmentStatus, Person, Role
from storage.uow import SqlUnitOfWorkFactory

AddPerson = Callable[[str], Awaitable[Person]]
Enrol = Callable[..., Awaitable[Enrolment]]
NOON = datetime(2027, 1, 18, 12, 0, tzinfo=UTC)


def done(enrolment: Enrolment, module_id: str) -> Completion:
    assert enrolment.id is not None
    return Completion(enrolment.id, module_id, "command", NOON)


async def test_enrolments_are_listed_for_a_person_as_core_objects(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, enrol: Enrol
) -> None:
    ada = await add_person("Ada Lovelace")
    leader = await enrol(ada)
    coordinator = await enrol(ada, Role.COORDINATOR)
    assert ada.id is not None
    async with uow() as work:
        assert await work.enrolments.for_person(ada.id) == [leader, coordinator]
        assert await work.enrolments.for_person(ada.id + 1) == []
    assert leader.role is Role.LEADER
    assert leader.status is EnrolmentStatus.ACTIVE


async def test_an_enrolment_without_a_joining_time_is_kept_without_one(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, cohort: Cohort
) -> None:
    ada = await add_person("Ada Lovelace")
    assert cohort.id is not None and ada.id is not None
    async with uow() as work:
        added = await work.enrolments.add(Enrolment(cohort.id, ada.id, Role.COORDINATOR))
        await work.commit()
    assert added.id is not None
    assert added.joined_at is None


async def test_updating_an_enrolment_keeps_its_new_pace_and_status(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, enrol: Enrol
) -> None:
    ada = await add_person("Ada Lovelace")
    changed = replace(await enrol(ada), pace=3, status=EnrolmentStatus.WITHDRAWN)
    assert ada.id is not None
    async with uow() as work:
        await work.enrolments.update(changed)
        await work.commit()
    async with uow() as work:
        assert await work.enrolments.for_person(ada.id) == [changed]


async def test_a_person_has_each_role_in_a_cohort_only_once(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, enrol: Enrol
) -> None:
    first = await enrol(await add_person("Ada Lovelace"))
    async with uow() as work:
        with pytest.raises(IntegrityError):
            await work.enrolments.add(replace(first, id=None))


async def test_members_are_active_enrolments_of_one_role_ordered_by_name(
    uow: SqlUnitOfWorkFactory,
    add_person: AddPerson,
    enrol: Enrol,
    cohort: Cohort,
    statements: list[str],
) -> None:
    grace, ada, alan = [
        await add_person(n) for n in ("grace Hopper", "Ada Lovelace", "Alan Turing")
    ]
    await enrol(grace)
    await enrol(ada)
    await enrol(alan, status=EnrolmentStatus.WITHDRAWN)
    await enrol(alan, Role.COORDINATOR)
    assert cohort.id is not None
    async with uow() as work:
        statements.clear()
        leaders = await work.enrolments.members(cohort.id, Role.LEADER)
        assert len(statements) == 1
        coordinators = await work.enrolments.members(cohort.id, Role.COORDINATOR)
    assert [m.person for m in leaders] == [ada, grace]
    assert [(m.person.display_name, m.enrolment.role) for m in coordinators] == [
        ("Alan Turing", Role.COORDINATOR)
    ]
    assert all(m.enrolment.person_id == m.person.id for m in leaders)


async def test_members_of_another_cohort_are_left_out(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, enrol: Enrol, cohort: Cohort
) -> None:
    async with uow() as work:
        other = await work.cohorts.add(replace(cohort, slug="autumn-2027", id=None))
        await work.commit()
    await enrol(await add_person("Ada Lovelace"), cohort_id=other.id)
    assert cohort.id is not None
    async with uow() as work:
        assert await work.enrolments.members(cohort.id, Role.LEADER) == []


async def test_completion_is_recorded_once_per_module(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, enrol: Enrol
) -> None:
    leader = await enrol(await add_person("Ada Lovelace"))
    assert leader.id is not None
    async with uow() as work:
        assert await work.completions.add(done(leader, "m1"))
        assert not await work.completions.add(replace(done(leader, "m1"), source="button"))
        # The refused duplicate must not spoil the transaction.
        assert await work.completions.add(done(leader, "m2"))
        await work.commit()
    async with uow() as work:
        assert not await work.completions.add(done(leader, "m2"))
        assert await work.completions.for_enrolment(leader.id) == [
            done(leader, "m1"),
            done(leader, "m2"),
        ]


async def test_removing_a_completion_says_whether_there_was_one(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, enrol: Enrol
) -> None:
    leader = await enrol(await add_person("Ada Lovelace"))
    assert leader.id is not None
    async with uow() as work:
        await work.completions.add(done(leader, "m1"))
        await work.commit()
    async with uow() as work:
        assert await work.completions.remove(leader.id, "m1")
        assert not await work.completions.remove(leader.id, "m1")
        assert not await work.completions.remove(leader.id, "m9")
        await work.commit()
    async with uow() as work:
        assert await work.completions.for_enrolment(leader.id) == []


async def test_counts_give_completed_modules_per_enrolment_and_per_module_in_one_query(
    uow: SqlUnitOfWorkFactory,
    add_person: AddPerson,
    enrol: Enrol,
    cohort: Cohort,
    statements: list[str],
) -> None:
    ada = await enrol(await add_person("Ada Lovelace"))
    grace = await enrol(await add_person("Grace Hopper"))
    await enrol(await add_person("Alan Turing"))
    async with uow() as work:
        other = await work.cohorts.add(replace(cohort, slug="autumn-2027", id=None))
        await work.commit()
    elsewhere = await enrol(await add_person("Edsger Dijkstra"), cohort_id=other.id)
    async with uow() as work:
        for completion in (done(ada, "m1"), done(ada, "m2"), done(grace, "m1")):
            await work.completions.add(completion)
        await work.completions.add(done(grace, "gone"))  # a module no longer in the course
        await work.completions.add(done(elsewhere, "m1"))
        await work.commit()
    assert cohort.id is not None
    async with uow() as work:
        statements.clear()
        counts = await work.completions.counts(cohort.id, {"m1", "m2", "m3"})
        assert counts == {ada.id: 2, grace.id: 1}
        assert len(statements) == 1
        statements.clear()
        by_module = await work.completions.counts_by_module(cohort.id)
        assert by_module == {"m1": 2, "m2": 1, "gone": 1}
        assert len(statements) == 1
