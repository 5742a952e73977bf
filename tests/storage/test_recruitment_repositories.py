"""Sign-up details and waitlists on enrolments, the privacy notice, champions and
invitations, and the lock that keeps two sign-ups from taking one seat."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.core.model import (
    Champion,
    Cohort,
    Curriculum,
    Enrolment,
    EnrolmentStatus,
    Invitation,
    Module,
    Organisation,
    Person,
    PrivacyNotice,
    Role,
    Seniority,
)
from bot.core.services.context import ServiceContext
from bot.core.services.seats import SignUpDetails, seat_state, sign_up
from bot.core.timetable import Timetable, WeeklyTime
from storage.uow import SqlUnitOfWorkFactory
from tests.unit.typed import PLATFORMS

AddPerson = Callable[[str], Awaitable[Person]]
Enrol = Callable[..., Awaitable[Enrolment]]
NOON = datetime(2027, 1, 11, 12, 0, tzinfo=UTC)
CAMDEN = Organisation("camden", "Camden Council", 1)


class FixedClock:
    def now(self) -> datetime:
        return NOON


async def test_sign_up_details_and_the_waitlist_time_are_kept_on_the_enrolment(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, enrol: Enrol
) -> None:
    ada = await add_person("Ada Lovelace")
    stored = replace(
        await enrol(ada, status=EnrolmentStatus.WAITLISTED),
        job_title="Director of Data",
        consented_at=NOON,
        waitlisted_at=NOON,
    )
    async with uow() as work:
        await work.enrolments.update(stored)
        await work.commit()
    assert ada.id is not None
    async with uow() as work:
        [found] = await work.enrolments.for_person(ada.id)
    assert found == stored
    assert found.status is EnrolmentStatus.WAITLISTED


async def test_all_members_include_the_waiting_and_the_withdrawn(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, enrol: Enrol, cohort: Cohort
) -> None:
    statuses = [EnrolmentStatus.ACTIVE, EnrolmentStatus.WAITLISTED, EnrolmentStatus.WITHDRAWN]
    for name, status in zip(["Cy", "Ada", "Bo"], statuses, strict=True):
        await enrol(await add_person(name), status=status)
    await enrol(await add_person("Dee"), Role.COORDINATOR)
    assert cohort.id is not None
    async with uow() as work:
        everyone = await work.enrolments.all_members(cohort.id, Role.LEADER)
        active = await work.enrolments.members(cohort.id, Role.LEADER)
    assert [(m.person.display_name, m.enrolment.status) for m in everyone] == [
        ("Ada", EnrolmentStatus.WAITLISTED),
        ("Bo", EnrolmentStatus.WITHDRAWN),
        ("Cy", EnrolmentStatus.ACTIVE),
    ]
    assert [m.person.display_name for m in active] == ["Cy"]


async def test_a_cohort_keeps_its_privacy_notice(uow: SqlUnitOfWorkFactory, cohort: Cohort) -> None:
    notice = PrivacyNotice("We keep your name.", "https://example.org/privacy")
    async with uow() as work:
        await work.cohorts.update(replace(cohort, privacy_notice=notice))
        await work.commit()
    async with uow() as work:
        found = await work.cohorts.find(cohort.slug)
    assert found is not None and found.privacy_notice == notice


async def test_naming_a_champion_replaces_the_organisations_last_one(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, cohort: Cohort
) -> None:
    ada, bo = await add_person("Ada"), await add_person("Bo")
    assert cohort.id is not None and ada.id is not None and bo.id is not None
    async with uow() as work:
        await work.organisations.upsert(cohort.id, CAMDEN)
        await work.organisations.upsert(cohort.id, Organisation("gla", "GLA", 4))
        await work.champions.name(Champion(cohort.id, "camden", ada.id))
        await work.champions.name(Champion(cohort.id, "gla", ada.id))
        await work.commit()
    async with uow() as work:
        await work.champions.name(Champion(cohort.id, "camden", bo.id))
        await work.commit()
    async with uow() as work:
        assert await work.champions.for_person(ada.id) == [Champion(cohort.id, "gla", ada.id)]
        assert await work.champions.for_cohort(cohort.id) == [
            Champion(cohort.id, "camden", bo.id),
            Champion(cohort.id, "gla", ada.id),
        ]


async def test_inviting_an_email_again_updates_its_invitation(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, cohort: Cohort
) -> None:
    ada = await add_person("Ada")
    assert cohort.id is not None
    first = Invitation(cohort.id, "Ada@Example.org", "camden", "not found in Slack", NOON)
    again = Invitation(
        cohort.id, "ada@example.org", "camden", "enrolled", NOON, Seniority.DIRECTOR, 3, ada.id
    )
    async with uow() as work:
        await work.invitations.record(first)
        await work.commit()
    async with uow() as work:
        await work.invitations.record(again)
        await work.commit()
    async with uow() as work:
        assert await work.invitations.for_cohort(cohort.id) == [again]


async def test_two_sign_ups_at_once_never_take_one_seat(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, cohort: Cohort
) -> None:
    """Each sign-up locks the organisation's seats before counting them, so the second
    waits for the first to commit and joins the waitlist."""
    assert cohort.id is not None
    async with uow() as work:
        await work.organisations.upsert(cohort.id, CAMDEN)
        await work.commit()
    ctx = _context(uow)
    people = []
    for name in ("Ada", "Bo", "Cy"):
        person = replace(await add_person(name), organisation_id="camden")
        async with uow() as work:
            await work.people.update(person)
            await work.commit()
        people.append(person)

    async def join(person: Person) -> bool:
        async with uow() as work:
            placement = await sign_up(ctx, work, cohort, person, CAMDEN, SignUpDetails())
            await asyncio.sleep(0.05)  # hold the lock a moment, as a slow request would
            await work.commit()
        return placement.seated

    seated = await asyncio.gather(*(join(p) for p in people))
    assert sorted(seated) == [False, False, True]
    async with uow() as work:
        state = await seat_state(work, cohort.id, CAMDEN)
    assert len(state.seated) == 1
    assert [state.position_of(m.enrolment.id) for m in state.waiting] == [1, 2]


def _context(uow: SqlUnitOfWorkFactory) -> ServiceContext:
    curriculum = Curriculum("Course", (Module("m1", "One", 15, "https://x.org", "Unit"),))
    weekly = WeeklyTime(0, datetime(2027, 1, 1, 9).time())
    timetable: Any = Timetable(
        nudge=weekly,
        reminder=weekly,
        digest=weekly,
        working_days=frozenset(range(5)),
        day_starts=datetime(2027, 1, 1, 8).time(),
        day_ends=datetime(2027, 1, 1, 18).time(),
        holidays=frozenset(),
    )
    return ServiceContext(uow, FixedClock(), curriculum, PLATFORMS, timetable)
