"""Every weekly message arrives within the programme week it is about, whatever the day
and time a leader chose, the day the cohort starts on, and the bank holidays around it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from itertools import product

import holidays
import pytest

from bot.core.model import CohortSetup, ParticipantSetup, Seniority
from bot.core.programme import week_of
from bot.core.timetable import WEEKDAYS
from scheduler.planner import plan
from scheduler.runner import VirtualRunner
from tests.unit.usecases.driver import LONDON, SAMPLE_COHORT, TIMETABLE, Course, london

WITH_HOLIDAYS = replace(TIMETABLE, holidays=holidays.country_holidays("GB", subdiv="ENG"))
# Each allowed working day at the first and the last quarter hour of the working day.
CHOICES = list(product(range(5), (time(8), time(17, 45))))
# A cohort starting on a Tuesday before Christmas 2026 (Friday 25 December, Monday 28
# December and Friday 1 January are bank holidays), and one starting on the Monday before
# Easter 2027 (Good Friday 26 March, Easter Monday 29 March). The property test in
# tests/unit/test_timetable.py covers every other start.
WEEKLY = ("nudge:", "behind:", "channel:", "digest:")  # keys naming their week
STARTS = [date(2026, 12, 22), date(2027, 3, 22)]


def cohort_starting(start: date) -> CohortSetup:
    """The sample cohort from `start`, with one leader for each allowed day and time."""
    leaders = tuple(
        ParticipantSetup(f"leader{n}", f"Leader {n}", "camden", Seniority.DIRECTOR, 6)
        for n in range(len(CHOICES))
    )
    cohort = replace(SAMPLE_COHORT.cohort, start_date=start)
    organisations = tuple(replace(o, seats=20) for o in SAMPLE_COHORT.organisations)
    return replace(SAMPLE_COHORT, cohort=cohort, organisations=organisations, participants=leaders)


@pytest.mark.parametrize("start", STARTS, ids=str)
async def test_each_weeks_message_is_sent_within_that_week(start: date) -> None:
    course = Course.at(london(start - timedelta(days=3), 10), timetable=WITH_HOLIDAYS)
    await course.set_up(cohort_starting(start))
    for n, (weekday, at) in enumerate(CHOICES):
        reply = await course.command(
            f"leader{n}", "progress", f"remind {WEEKDAYS[weekday]} {at:%H:%M}"
        )
        assert reply.startswith("I will send your weekly message on")
    services = course.services
    runner = VirtualRunner(plan(services.outbox, services.rhythm, 5.0), course.clock)

    await runner.advance_to(london(start + timedelta(weeks=7), 0))

    weekly = [s for s in course.sender.sent if s.delivery.key.startswith(WEEKLY)]
    for sent in weekly:
        assert sent.at is not None
        local = sent.at.astimezone(LONDON)
        week = int(sent.delivery.key.split(":")[2])
        assert week_of(start, local.date()) == week, (
            f"{sent.delivery.key} sent {local:%a %d %b %H:%M}"
        )
        assert WITH_HOLIDAYS.allows(sent.at, LONDON)
        if sent.delivery.key.startswith("nudge:"):
            assert f"This is week {week} of your 6" in sent.delivery.outgoing.message.text
    for n in range(len(CHOICES)):
        nudged = [
            s
            for s in weekly
            if s.delivery.key.startswith("nudge:") and s.delivery.recipient == f"leader{n}"
        ]
        assert sorted(int(s.delivery.key.split(":")[2]) for s in nudged) == [1, 2, 3, 4, 5, 6]
