"""Leaders record the modules they have done, and see where they stand."""

from __future__ import annotations

from tests.fakes.core.rows import COMPLETIONS
from tests.unit.usecases.driver import Course

AMIRA = "amira"


def recorded(course: Course) -> set[str]:
    return {module_id for (_, module_id) in course.uow.database.rows(COMPLETIONS)}


async def test_a_leader_who_checks_in_is_told_what_was_recorded_and_how_far_along_they_are(
    course: Course,
) -> None:
    reply = await course.check_in(AMIRA, 1, 2)

    assert reply.startswith("Done: modules 1 and 2. Good work.")
    assert "You have done 2 of" in reply
    assert recorded(course) == {"data-and-better-decisions", "what-counts-as-data-in-a-council"}


async def test_a_leader_who_checks_in_twice_is_told_it_was_already_done(course: Course) -> None:
    await course.check_in(AMIRA, 3)

    reply = await course.check_in(AMIRA, 3)

    assert reply.startswith("You had already recorded module 3.")
    assert len(course.uow.database.rows(COMPLETIONS)) == 1


async def test_a_module_number_outside_the_course_is_refused_with_an_example(
    course: Course,
) -> None:
    reply = await course.command(AMIRA, "checkin", "99")

    assert "For example: /checkin" in reply
    assert recorded(course) == set()


async def test_undoing_a_check_in_marks_the_module_as_not_done(course: Course) -> None:
    await course.check_in(AMIRA, 1, 2)

    reply = await course.undo(AMIRA, 2, 5)

    assert reply.startswith("Module 2 is now marked as not done. Module 5 was not recorded")
    assert "You have done 1 of" in reply
    assert recorded(course) == {"data-and-better-decisions"}


async def test_progress_counts_only_the_leaders_own_modules(course: Course) -> None:
    await course.check_in(AMIRA, 1, 2, 3)
    await course.check_in("ben", 1)

    assert (await course.progress(AMIRA)).startswith("You have done 3 of")
    assert (await course.progress("ben")).startswith("You have done 1 of")


async def test_someone_who_is_not_enrolled_is_told_so_and_nothing_is_recorded(
    course: Course,
) -> None:
    reply = await course.check_in("stranger", 1)

    assert reply.startswith("You are not enrolled in a cohort yet.")
    assert recorded(course) == set()
