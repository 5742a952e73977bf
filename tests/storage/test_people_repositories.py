"""Cohorts, their organisations, and people, stored and read back as core objects."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from bot.core.model import Cohort, Organisation, Person, Seniority
from storage.uow import SqlUnitOfWorkFactory

CAMDEN = Organisation("camden", "London Borough of Camden", 3)
HACKNEY = Organisation("hackney", "Hackney Council", 2)


async def test_a_new_organisation_is_added_to_its_cohort(
    uow: SqlUnitOfWorkFactory, cohort: Cohort
) -> None:
    assert cohort.id is not None
    async with uow() as work:
        await work.organisations.upsert(cohort.id, CAMDEN)
        await work.commit()
    async with uow() as work:
        assert await work.organisations.get(cohort.id, "camden") == CAMDEN


async def test_upserting_a_known_organisation_updates_its_name_and_seats(
    uow: SqlUnitOfWorkFactory, cohort: Cohort
) -> None:
    assert cohort.id is not None
    renamed = Organisation("camden", "Camden Council", 5)
    async with uow() as work:
        await work.organisations.upsert(cohort.id, CAMDEN)
        assert await work.organisations.get(cohort.id, "camden") == CAMDEN
        await work.organisations.upsert(cohort.id, renamed)
        assert await work.organisations.get(cohort.id, "camden") == renamed
        assert await work.organisations.list(cohort.id) == [renamed]
        await work.commit()


async def test_organisations_are_listed_by_name_for_one_cohort_only(
    uow: SqlUnitOfWorkFactory, cohort: Cohort
) -> None:
    assert cohort.id is not None
    async with uow() as work:
        other = await work.cohorts.add(replace(cohort, slug="autumn-2027", id=None))
        assert other.id is not None
        await work.organisations.upsert(cohort.id, HACKNEY)
        await work.organisations.upsert(cohort.id, CAMDEN)
        await work.organisations.upsert(other.id, Organisation("hackney", "Hackney", 9))
        await work.commit()
    async with uow() as work:
        assert await work.organisations.list(cohort.id) == [HACKNEY, CAMDEN]
        assert await work.organisations.get(other.id, "camden") is None


async def test_a_person_is_found_by_platform_and_user_id(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        added = await work.people.add(
            Person("slack", "U1", "Ada Lovelace", "camden", Seniority.DIRECTOR, "Europe/London")
        )
        await work.commit()
    assert added.id is not None
    async with uow() as work:
        assert await work.people.find("slack", "U1") == added
        assert await work.people.get(added.id) == added
        assert await work.people.find("teams", "U1") is None
        assert await work.people.get(added.id + 1) is None
    assert added.seniority is Seniority.DIRECTOR


async def test_updating_a_person_keeps_their_new_details(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        added = await work.people.add(Person("slack", "U1", "Ada"))
        await work.commit()
    changed = replace(added, display_name="Ada Lovelace", seniority=Seniority.OTHER)
    async with uow() as work:
        await work.people.update(changed)
        await work.commit()
    async with uow() as work:
        assert await work.people.find("slack", "U1") == changed


async def test_the_same_platform_user_cannot_be_added_twice(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        await work.people.add(Person("slack", "U1", "Ada"))
        with pytest.raises(IntegrityError):
            await work.people.add(Person("slack", "U1", "Someone else"))


async def test_updating_a_person_who_was_never_stored_fails(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        with pytest.raises(ValueError, match="never stored"):
            await work.people.update(Person("slack", "U1", "Ada"))
        with pytest.raises(LookupError):
            await work.people.update(Person("slack", "U1", "Ada", id=404))


async def test_a_cohort_is_found_by_id_and_by_slug(
    uow: SqlUnitOfWorkFactory, cohort: Cohort
) -> None:
    assert cohort.id is not None
    async with uow() as work:
        assert await work.cohorts.get(cohort.id) == cohort
        assert await work.cohorts.find("spring-2027") == cohort
        assert await work.cohorts.find("winter-2030") is None
        assert await work.cohorts.get(cohort.id + 1) is None
    assert cohort.start_date == date(2027, 1, 11)


async def test_updating_a_cohort_keeps_its_new_details(
    uow: SqlUnitOfWorkFactory, cohort: Cohort
) -> None:
    changed = replace(cohort, name="Spring cohort", default_pace=3, moderators_channel="C0MODS")
    async with uow() as work:
        await work.cohorts.update(changed)
        await work.commit()
    async with uow() as work:
        assert await work.cohorts.find("spring-2027") == changed


async def test_two_cohorts_cannot_share_a_slug(uow: SqlUnitOfWorkFactory, cohort: Cohort) -> None:
    async with uow() as work:
        with pytest.raises(IntegrityError):
            await work.cohorts.add(replace(cohort, id=None, name="Another"))
