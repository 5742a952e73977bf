"""The minute job rules out leaders with nothing due before working out their standing.
Whatever the leaders do, it must find exactly what working out every leader finds."""

from __future__ import annotations

import random
from datetime import timedelta

from bot.core.model import Member
from bot.core.progress_report import LeaderProgress
from bot.core.services.rhythm import RhythmService, _Moments
from tests.unit.usecases.driver import CURRICULUM, START, Course, london

LEADERS = ("amira", "ben", "chloe", "dev")
MODULES = len(CURRICULUM.modules)


class EveryLeader(RhythmService):
    """The same rhythm, working out every leader's standing every time."""

    def _may_be_due(
        self,
        member: Member,
        week: int,
        sent: set[str],
        progress: LeaderProgress | None,
        moments: _Moments,
    ) -> bool:
        return True


async def act(course: Course, rng: random.Random) -> None:
    """One leader does something that changes what the rhythm owes them."""
    who = rng.choice(LEADERS)
    match rng.randrange(7):
        case 0 | 1:
            await course.command(who, "checkin", f"1-{rng.randint(1, MODULES)}")
        case 2:
            await course.command(who, "checkin", f"undo {rng.randint(1, MODULES)}")
        case 3:
            await course.command(who, "progress", f"pace {rng.choice((3, 6))}")
        case 4:
            await course.command(who, "progress", rng.choice(("pause 1w", "resume")))
        case 5:
            day = rng.choice(("monday", "wednesday", "friday"))
            await course.command(who, "progress", f"remind {day} {rng.randint(8, 16):02}:30")
        case _:
            await course.command(who, "progress", f"reminders {rng.choice(('on', 'off'))}")


async def test_ruling_leaders_out_finds_what_working_every_leader_out_finds(
    course: Course,
) -> None:
    rhythm = course.services.rhythm
    everyone = EveryLeader(rhythm.ctx, rhythm.reports, rhythm.timed)
    rng = random.Random(13)
    moment = london(START, 8)
    compared = 0
    while moment < london(START + timedelta(weeks=7), 18):
        course.clock.set(moment)
        for _ in range(rng.randrange(3)):
            await act(course, rng)
        async with course.uow() as uow:
            cohort = await uow.cohorts.find("loti-data-2027-1")
            assert cohort is not None
            ruled = sorted(d.key for d in await rhythm._due(uow, cohort))
            walked = sorted(d.key for d in await everyone._due(uow, cohort))
        assert ruled == walked, moment
        compared += bool(walked)
        await course.run_rhythm()
        moment += timedelta(hours=rng.choice((1, 3, 7, 20)), minutes=rng.randrange(60))
    assert compared > 20  # the walk found things due often enough to mean something
