"""The weekly rhythm queues each leader's nudge at its time, once, and honours pauses."""

from __future__ import annotations

from datetime import timedelta

from bot.core.model import DeliveryStatus
from tests.fakes.core.rows import ENROLMENTS
from tests.unit.usecases.driver import START, Course, london, text_of

LEADERS = {"amira", "ben", "chloe", "dev"}


async def test_week_one_nudges_are_queued_at_nine_on_the_first_monday(course: Course) -> None:
    course.clock.set(london(START, 9))

    await course.run_rhythm()

    nudges = course.outbox("nudge:")
    assert {n.recipient for n in nudges} == LEADERS
    assert all(n.not_before == london(START, 9) for n in nudges)
    assert all(n.status is DeliveryStatus.PENDING for n in nudges)
    by_leader = {n.recipient: text_of(n) for n in nudges}
    assert by_leader["amira"].startswith("Hello Amira. This is week 1 of your 6:")
    assert by_leader["ben"].startswith("Hello Ben. This is week 1 of your 3:")
    assert [p.recipient for p in course.outbox("channel:")] == ["C0COHORT01"]


async def test_nothing_is_queued_before_the_nudge_time(course: Course) -> None:
    course.clock.set(london(START, 8, 59))

    await course.run_rhythm()

    assert course.outbox("nudge:") == []
    assert course.outbox("channel:") == []


async def test_running_the_rhythm_again_queues_nothing_twice(course: Course) -> None:
    course.clock.set(london(START, 9))
    await course.run_rhythm()
    queued = len(course.outbox())

    course.clock.advance(timedelta(hours=2))
    await course.run_rhythm()

    assert len(course.outbox()) == queued
    assert len(course.outbox("nudge:")) == len(LEADERS)


async def test_a_paused_leader_gets_no_nudge_until_they_resume(course: Course) -> None:
    reply = await course.pause("amira", 14)
    assert reply.startswith("Paused. I will send you nothing until")
    course.clock.set(london(START, 9))

    await course.run_rhythm()
    assert {n.recipient for n in course.outbox("nudge:")} == LEADERS - {"amira"}

    assert (await course.resume("amira")).startswith("Welcome back.")
    await course.run_rhythm()
    assert {n.recipient for n in course.outbox("nudge:")} == LEADERS


async def test_a_leader_who_changes_pace_keeps_the_new_pace(course: Course) -> None:
    reply = await course.set_pace("amira", 3)

    assert reply == "Your pace is now 3 weeks. Your plan follows it from now on."
    paces = {e.person_id: e.pace for e in course.uow.database.rows(ENROLMENTS).values()}
    assert 3 in paces.values()
    course.clock.set(london(START, 9))
    await course.run_rhythm()
    assert "This is week 1 of your 3:" in text_of(
        next(n for n in course.outbox("nudge:") if n.recipient == "amira")
    )
