"""Every request starts by finding who asks: one query, whatever their enrolments."""

from __future__ import annotations

from bot.core.model import Actor, Cohort, EnrolmentStatus, Role
from bot.core.services.context import membership
from bot.core.services.question_threads import member_of
from storage.uow import SqlUnitOfWorkFactory
from tests.storage.conftest import AddPerson, Enrol, camden_cohort


async def second_cohort(uow: SqlUnitOfWorkFactory) -> Cohort:
    async with uow() as work:
        stored = await work.cohorts.add(camden_cohort("autumn-2027"))
        await work.commit()
    return stored


async def test_a_membership_is_found_in_one_query_among_several_enrolments(
    uow: SqlUnitOfWorkFactory,
    cohort: Cohort,
    add_person: AddPerson,
    enrol: Enrol,
    statements: list[str],
) -> None:
    autumn = await second_cohort(uow)
    ada = await add_person("Ada Lovelace")
    await enrol(ada, Role.COORDINATOR)
    await enrol(ada, Role.LEADER, EnrolmentStatus.WITHDRAWN)
    leading = await enrol(ada, Role.LEADER, cohort_id=autumn.id)
    statements.clear()
    async with uow() as work:
        found = await membership(work, Actor("slack", ada.platform_user_id), Role.LEADER)
    assert len(statements) == 1
    assert found is not None
    assert (found.person, found.enrolment, found.cohort) == (ada, leading, autumn)


async def test_nobody_and_the_wrong_role_find_no_membership(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, enrol: Enrol
) -> None:
    ada = await add_person("Ada Lovelace")
    await enrol(ada, Role.LEADER)
    async with uow() as work:
        assert await membership(work, Actor("slack", "U0NOBODY01"), Role.LEADER) is None
        assert await membership(work, Actor("slack", ada.platform_user_id), Role.MODERATOR) is None


async def test_a_question_finds_the_asker_as_leader_before_coordinator_in_one_query(
    uow: SqlUnitOfWorkFactory,
    cohort: Cohort,
    add_person: AddPerson,
    enrol: Enrol,
    statements: list[str],
) -> None:
    autumn = await second_cohort(uow)
    ada = await add_person("Ada Lovelace")
    await enrol(ada, Role.COORDINATOR)
    await enrol(ada, Role.LEADER, cohort_id=autumn.id)
    statements.clear()
    async with uow() as work:
        found = await member_of(work, Actor("slack", ada.platform_user_id))
    assert len(statements) == 1
    assert found is not None
    assert (found.enrolment.role, found.cohort.id) == (Role.LEADER, autumn.id)
