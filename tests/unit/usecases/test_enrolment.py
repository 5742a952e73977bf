"""Coordinators enrol leaders; anyone else is refused, and the refusal is logged."""

from __future__ import annotations

from bot.core.model import EnrolmentStatus, Role, Seniority
from tests.fakes.core.rows import AUDIT, ENROLMENTS, PEOPLE
from tests.unit.usecases.driver import Course, text_of


def person_id(course: Course, user: str) -> int | None:
    people = course.uow.database.rows(PEOPLE).values()
    return next((p.id for p in people if p.platform_user_id == user), None)


async def test_a_coordinator_enrols_a_leader_who_is_welcomed(course: Course) -> None:
    course.directory.add("erin", "Erin Walsh")

    reply = await course.enrol("sam", "erin", "camden", Seniority.DIRECTOR)

    assert reply == (
        "Enrolled Erin Walsh, Camden Council, on the 6-week pace. "
        "I have sent them a welcome message. Camden Council now has 2 of 2 seats taken."
    )
    erin = person_id(course, "erin")
    [enrolment] = [e for e in course.uow.database.rows(ENROLMENTS).values() if e.person_id == erin]
    assert (enrolment.role, enrolment.status) == (Role.LEADER, EnrolmentStatus.ACTIVE)
    [welcome] = course.outbox(f"welcome:1:{erin}")
    assert welcome.recipient == "erin"
    assert text_of(welcome)
    actions = [row.entry.action for row in course.uow.database.rows(AUDIT).values()]
    assert actions == ["enrol-leader"]


async def test_a_leader_who_tries_to_enrol_someone_is_refused_and_it_is_logged(
    course: Course,
) -> None:
    course.directory.add("erin", "Erin Walsh")

    reply = await course.command("amira", "cohort", "add @erin org=camden seniority=director")

    assert reply.startswith("/cohort is for the cohort's coordinators.")
    assert person_id(course, "erin") is None
    [refusal] = [row.entry for row in course.uow.database.rows(AUDIT).values()]
    assert (refusal.action, refusal.actor_person_id) == ("refused", person_id(course, "amira"))
    assert refusal.details == {"command": "/cohort add"}


async def test_enrolling_someone_the_platform_does_not_know_enrols_nobody(course: Course) -> None:
    reply = await course.enrol("sam", "nobody", "camden", Seniority.DIRECTOR)

    assert person_id(course, "nobody") is None
    assert reply
    assert course.uow.database.rows(AUDIT) == {}
