"""The coordinators' digest stops by itself once the course and its reflection sessions
are over, instead of running week after week for ever."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.unit.usecases.driver import START, Course, london

LAST = "This is the last weekly digest"


def friday(week: int) -> datetime:
    """Friday 15:00 of a programme week: the digest's time."""
    return london(START + timedelta(weeks=week - 1, days=4), 15)


async def digest_weeks(course: Course, weeks: range) -> list[int]:
    """Run the rhythm at each week's digest time; the weeks that got a digest."""
    for week in weeks:
        course.clock.set(friday(week))
        await course.run_rhythm()
    return [int(d.key.split(":")[2]) for d in course.outbox("digest:")]


async def test_the_digest_stops_after_the_last_week_of_the_course(course: Course) -> None:
    assert await digest_weeks(course, range(5, 18)) == [5, 6]
    assert LAST in str(course.delivery("digest:1:6").outgoing.message)
    assert LAST not in str(course.delivery("digest:1:5").outgoing.message)


async def test_reflection_sessions_after_the_course_keep_the_digest_until_they_are_over(
    course: Course,
) -> None:
    course.clock.set(london(START + timedelta(weeks=5), 10))  # Monday of week 6
    await course.start_poll(
        "sam",
        {
            "title": ("Reflection session",),
            "slot1_date": ("2027-03-02",),  # Tuesday of week 8
            "slot1_time": ("14:00",),
            "slot1_length": ("90",),
            "deadline_date": ("2027-02-19",),
            "deadline_time": ("17:00",),
        },
    )

    assert await digest_weeks(course, range(6, 12)) == [6, 7, 8]
    assert LAST in str(course.delivery("digest:1:8").outgoing.message)
    assert LAST not in str(course.delivery("digest:1:7").outgoing.message)
