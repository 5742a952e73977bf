"""The database's counts give the figures a plain Python walk over every completion gives."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.model import (
    Cohort,
    Completion,
    Curriculum,
    Enrolment,
    EnrolmentStatus,
    Module,
    Organisation,
    Person,
    Rhythm,
    Role,
    Seniority,
)
from bot.core.progress_report import Status, cohort_figures, counted_figures, progress_rules
from bot.core.standing import standing
from storage.uow import SqlUnitOfWorkFactory
from tests.storage.conftest import camden_cohort

START = date(2027, 1, 11)  # a Monday
DROPPED = ("old-module-a", "old-module-b")  # done once, no longer in the curriculum
NAMES = ("Ada Obi", "ada obi", "Zoë Hart", "Émile Roy", "Ben Li", "ben li", "Cy Day")
ORGANISATIONS = (
    Organisation("camden", "Camden Council", 10),
    Organisation("barnet", "Barnet Council", 10),
    Organisation("hackney", "Hackney Council", 10),
)


def curriculum(modules: int) -> Curriculum:
    return Curriculum(
        "Data for leaders",
        tuple(
            Module(f"module-{n:03}", f"Module {n}", 20 + 7 * (n % 5), "https://x.test", "Unit")
            for n in range(modules)
        ),
    )


async def varied_cohort(uow: SqlUnitOfWorkFactory, course: Curriculum, seed: int) -> Cohort:
    """Leaders of every kind: each pace, late joiners and resumed plans (modules done at
    replan, some since dropped or unchecked), no organisation or an unknown one, no
    seniority, names alike but for case; and people the report must leave out."""
    rng = random.Random(seed)
    modules = [m.id for m in course.modules]
    async with uow() as work:
        cohort = await work.cohorts.add(camden_cohort())
        other = await work.cohorts.add(camden_cohort("autumn-2027"))
        assert cohort.id is not None and other.id is not None
        for organisation in ORGANISATIONS[:2]:  # hackney's leaders have an unknown org
            await work.organisations.upsert(cohort.id, organisation)
        for n in range(90):
            person = await work.people.add(
                Person(
                    "slack",
                    f"U{n:04}",
                    rng.choice(NAMES),
                    rng.choice([*(o.id for o in ORGANISATIONS), None]),
                    rng.choice([*Seniority, None]),
                )
            )
            assert person.id is not None
            role, status = rng.choice(
                [(Role.LEADER, EnrolmentStatus.ACTIVE)] * 6
                + [
                    (Role.LEADER, EnrolmentStatus.WAITLISTED),
                    (Role.LEADER, EnrolmentStatus.WITHDRAWN),
                    (Role.COORDINATOR, EnrolmentStatus.ACTIVE),
                ]
            )
            replanned = rng.random() < 0.4
            done_then = (
                frozenset(rng.sample([*modules, *DROPPED], rng.randint(0, 6)))
                if replanned
                else frozenset()
            )
            enrolment = await work.enrolments.add(
                Enrolment(
                    other.id if n % 15 == 0 else cohort.id,
                    person.id,
                    role,
                    rng.choice((None, 3, 6)),
                    status,
                    rhythm=Rhythm(
                        plan_start_week=rng.randint(2, 5) if replanned else 1,
                        done_at_replan=done_then,
                    ),
                )
            )
            assert enrolment.id is not None
            # Mostly what was done at the replan and more, less one sometimes unchecked.
            done = set(done_then) | set(rng.sample([*modules, *DROPPED], rng.randint(0, 8)))
            if done and rng.random() < 0.3:
                done.discard(rng.choice(sorted(done)))
            if rng.random() < 0.1:
                done |= set(modules)  # finished
            for module in sorted(done):
                at = datetime(2027, 1, 12, tzinfo=UTC) + timedelta(hours=rng.randint(0, 900))
                await work.completions.add(Completion(enrolment.id, module, "checkin", at))
        await work.commit()
    return cohort


@pytest.mark.parametrize("modules", [9, 130])  # 130: the bits of three summed columns
@pytest.mark.parametrize("seed", [1, 2])
async def test_the_counted_figures_are_those_of_every_completion_walked_in_python(
    uow: SqlUnitOfWorkFactory, modules: int, seed: int
) -> None:
    course = curriculum(modules)
    cohort = await varied_cohort(uow, course, seed)
    assert cohort.id is not None
    seen = set()
    for today in (START - timedelta(days=3), START, START + timedelta(days=17), date(2027, 6, 1)):
        async with uow() as work:
            rules = progress_rules(course, cohort, today)
            counted = await work.completions.leader_progress(cohort.id, rules)
            members = await work.enrolments.members(cohort.id, Role.LEADER)
            done = await work.completions.done_by_enrolment(cohort.id)
            organisations = await work.organisations.list(cohort.id)
        expected = cohort_figures(course, cohort, members, done, organisations, today)
        assert counted_figures(course, cohort, counted, organisations, today) == expected
        # Each leader's own counts too, as the weekly rhythm rules leaders out by them.
        by_enrolment = {c.enrolment_id: c for c in counted}
        for member in members:
            assert member.enrolment.id is not None
            mine = done.get(member.enrolment.id, frozenset())
            now = standing(course, cohort, member.enrolment, mine, today)
            counts = by_enrolment[member.enrolment.id]
            assert (counts.modules_done, counts.behind_by) == (
                len(course.current(mine)),
                now.behind_by,
            )
        assert len(expected.leaders) > 40
        seen |= {f.status for f in expected.leaders}
    assert seen == set(Status)


async def test_a_cohort_without_active_leaders_counts_nobody(
    uow: SqlUnitOfWorkFactory, cohort: Cohort
) -> None:
    assert cohort.id is not None
    async with uow() as work:
        rules = progress_rules(curriculum(5), cohort, START)
        assert await work.completions.leader_progress(cohort.id, rules) == []
