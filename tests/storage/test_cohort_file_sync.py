"""The cohort file at start: only who is new is written, in sets, and welcomed once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import ClauseElement, event

from bot.bootstrap import Core, CourseFiles, NoDirectory, bootstrap
from bot.config import load_settings
from bot.core.clock import ManualClock
from bot.core.messages import plain
from bot.core.model import (
    Cohort,
    CohortSetup,
    Delivery,
    Enrolment,
    EnrolmentStatus,
    Organisation,
    ParticipantSetup,
    Person,
    Role,
    Seniority,
    StaffSetup,
)
from bot.core.outgoing import Outgoing
from bot.core.services.seats import enrolment_in
from bot.setup_files import load_curriculum

SLACK = "slack"
START = date(2027, 1, 11)
NOW = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)  # the week before the course
COHORT = Cohort("spring-2027", "Spring 2027", START, 6, "Europe/London", "C0COHORT")
ORGANISATIONS = (Organisation("camden", "Camden", 600), Organisation("hackney", "Hackney", 600))


def leader(n: int, org: str = "camden", pace: int | None = None) -> ParticipantSetup:
    return ParticipantSetup(f"U{n:05}", f"Leader {n}", org, Seniority.DIRECTOR, pace)


def cohort_file(*participants: ParticipantSetup, **changes: object) -> CohortSetup:
    setup = CohortSetup(
        COHORT,
        ORGANISATIONS,
        coordinators=(StaffSetup("UCOORD", "Sam Okafor"),),
        moderators=(StaffSetup("UMOD", "Priya Shah"),),
        participants=participants,
    )
    return replace(setup, **changes)  # type: ignore[arg-type]


@pytest.fixture
async def core(database_url: str) -> AsyncIterator[Core]:
    settings = load_settings(_env_file=None, database_url=database_url)
    course = CourseFiles(load_curriculum(settings.curriculum_file), cohort_file())
    core = bootstrap(settings, course, ManualClock(NOW), NoDirectory(), {})
    yield core
    await core.engine.dispose()


async def welcomes(core: Core) -> list[str]:
    async with core.services.ctx.uow() as uow:
        return sorted(await uow.deliveries.keys_starting("welcome:"))


async def leaders(core: Core) -> dict[str, tuple[str | None, EnrolmentStatus, int | None]]:
    """Each leader's user id: their organisation, status and pace."""
    async with core.services.ctx.uow() as uow:
        cohort = await uow.cohorts.find(COHORT.slug)
        assert cohort is not None and cohort.id is not None
        members = await uow.enrolments.all_members(cohort.id, Role.LEADER)
    return {
        m.person.platform_user_id: (m.person.organisation_id, m.enrolment.status, m.enrolment.pace)
        for m in members
    }


async def test_a_new_file_enrols_everyone_and_a_second_start_adds_and_sends_nothing(
    core: Core,
) -> None:
    file = cohort_file(*(leader(n, pace=3 if n % 2 else None) for n in range(25)))
    await core.services.setup.apply(file, SLACK)
    first = await welcomes(core)
    await core.services.setup.apply(file, SLACK)
    assert await welcomes(core) == first and len(first) == 25
    enrolled = await leaders(core)
    assert len(enrolled) == 25
    assert enrolled["U00001"] == ("camden", EnrolmentStatus.ACTIVE, 3)
    assert enrolled["U00002"] == ("camden", EnrolmentStatus.ACTIVE, None)
    async with core.services.ctx.uow() as uow:
        cohort = await uow.cohorts.find(COHORT.slug)
        assert cohort is not None and cohort.id is not None
        for role, user in ((Role.COORDINATOR, "UCOORD"), (Role.MODERATOR, "UMOD")):
            assert await uow.enrolments.enrolled(cohort.id, role) == {(SLACK, user)}
        welcome = await uow.deliveries.get(first[0])
    assert welcome is not None and welcome.outgoing.to.kind.value == "person"
    assert "Spring 2027" in welcome.outgoing.message.text


async def test_participants_added_to_the_file_are_enrolled_and_welcomed_alone(
    core: Core,
) -> None:
    await core.services.setup.apply(cohort_file(leader(1), leader(2)), SLACK)
    before = await welcomes(core)
    await core.services.setup.apply(
        cohort_file(leader(1), leader(2), leader(3, "hackney"), leader(4, pace=3)), SLACK
    )
    after = await welcomes(core)
    assert set(before) < set(after) and len(after) == 4
    assert (await leaders(core))["U00003"] == ("hackney", EnrolmentStatus.ACTIVE, None)


async def test_participants_taken_out_of_the_file_stay_enrolled(core: Core) -> None:
    await core.services.setup.apply(cohort_file(leader(1), leader(2), leader(3)), SLACK)
    await core.services.setup.apply(cohort_file(leader(1)), SLACK)
    assert set(await leaders(core)) == {"U00001", "U00002", "U00003"}
    assert len(await welcomes(core)) == 3


async def test_a_changed_line_leaves_an_enrolled_leader_as_the_database_has_them(
    core: Core,
) -> None:
    """What a coordinator changed by command wins over the file; the file only adds."""
    await core.services.setup.apply(cohort_file(leader(1)), SLACK)
    moved = replace(leader(1, "hackney", pace=3), name="Someone Else")
    await core.services.setup.apply(cohort_file(moved), SLACK)
    assert (await leaders(core))["U00001"] == ("camden", EnrolmentStatus.ACTIVE, None)
    async with core.services.ctx.uow() as uow:
        person = await uow.people.find(SLACK, "U00001")
    assert person is not None and person.display_name == "Leader 1"
    assert len(await welcomes(core)) == 1


async def test_someone_the_bot_knows_takes_the_files_details_and_keeps_their_name(
    core: Core,
) -> None:
    async with core.services.ctx.uow() as uow:
        await uow.people.add(Person(SLACK, "U00007", "Dr Ada Obi", "barnet", Seniority.OTHER))
        await uow.commit()
    await core.services.setup.apply(cohort_file(leader(7, "hackney")), SLACK)
    async with core.services.ctx.uow() as uow:
        person = await uow.people.find(SLACK, "U00007")
    assert person is not None
    assert (person.display_name, person.organisation_id, person.seniority) == (
        "Dr Ada Obi",
        "hackney",
        Seniority.DIRECTOR,
    )
    assert len(await welcomes(core)) == 1


async def test_a_leader_who_withdrew_is_neither_enrolled_again_nor_welcomed(
    core: Core,
) -> None:
    await core.services.setup.apply(cohort_file(leader(1)), SLACK)
    async with core.services.ctx.uow() as uow:
        cohort = await uow.cohorts.find(COHORT.slug)
        person = await uow.people.find(SLACK, "U00001")
        assert cohort is not None and person is not None
        enrolment = await enrolment_in(uow, cohort, person)
        assert enrolment is not None
        enrolment.status = EnrolmentStatus.WITHDRAWN
        await uow.enrolments.update(enrolment)
        await uow.commit()
    await core.services.setup.apply(cohort_file(leader(1)), SLACK)
    assert (await leaders(core))["U00001"][1] is EnrolmentStatus.WITHDRAWN
    assert len(await welcomes(core)) == 1


async def test_a_welcome_whose_key_was_used_before_goes_under_a_new_key(core: Core) -> None:
    """A person whose id a forgotten person had (SQLite reuses the highest id) still
    gets their own welcome."""
    async with core.services.ctx.uow() as uow:
        cohort = await uow.cohorts.add(replace(COHORT, platform=SLACK))
        person = await uow.people.add(Person(SLACK, "U00001", "Leader 1"))
        stale = Outgoing(plain("Welcome, someone else"), person.address)
        await uow.deliveries.enqueue(Delivery(f"welcome:{cohort.id}:{person.id}", stale))
        await uow.commit()
    await core.services.setup.apply(cohort_file(leader(1)), SLACK)
    keys = await welcomes(core)
    assert keys[0] == f"welcome:{cohort.id}:{person.id}"
    assert keys[1] == f"welcome:{cohort.id}:{person.id}:{NOW.isoformat()}"


async def test_more_seats_in_the_file_seat_the_first_on_the_waitlist(core: Core) -> None:
    few = (Organisation("camden", "Camden", 1), ORGANISATIONS[1])
    await core.services.setup.apply(cohort_file(leader(1), organisations=few), SLACK)
    async with core.services.ctx.uow() as uow:
        cohort = await uow.cohorts.find(COHORT.slug)
        person = await uow.people.add(Person(SLACK, "U00009", "Waiting", "camden"))
        assert cohort is not None and cohort.id is not None and person.id is not None
        await uow.enrolments.add(
            Enrolment(
                cohort.id,
                person.id,
                Role.LEADER,
                status=EnrolmentStatus.WAITLISTED,
                waitlisted_at=NOW,
            )
        )
        await uow.commit()
    await core.services.setup.apply(cohort_file(leader(1)), SLACK)
    assert (await leaders(core))["U00009"][1] is EnrolmentStatus.ACTIVE
    assert f"welcome:{cohort.id}:{person.id}" in await welcomes(core)


@pytest.mark.parametrize("participants", [(40, 400)])
async def test_the_statements_do_not_grow_with_the_file_and_a_second_start_inserts_nothing(
    core: Core, participants: tuple[int, int]
) -> None:
    sent: list[str] = []

    # The statements the service sends, each once: SQLite's driver is handed a many-row
    # insert a hundred rows at a time (storage/engine.py).
    def record(_conn: object, statement: ClauseElement, *_args: object) -> None:
        sent.append(statement.__visit_name__.upper())

    event.listen(core.engine.sync_engine, "before_execute", record)
    counts = []
    for size in participants:
        other = replace(COHORT, slug=f"cohort-{size}")
        file = cohort_file(*(leader(size * 10 + n) for n in range(size)), cohort=other)
        sent.clear()
        await core.services.setup.apply(file, SLACK)
        counts.append(len(sent))
        sent.clear()
        await core.services.setup.apply(file, SLACK)
        assert "INSERT" not in sent and "UPDATE" not in sent, sent
    # The first file also adds the staff, whom the second finds.
    assert counts[1] <= counts[0] <= 25
