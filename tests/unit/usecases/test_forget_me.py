"""A leader can have everything about them erased; pressing the button twice does no more."""

from __future__ import annotations

from bot.core.model import EnrolmentStatus
from bot.core.personal_data import FORMER_PARTICIPANT
from tests.fakes.core.rows import COMPLETIONS, ENROLMENTS, PEOPLE, QUESTIONS
from tests.unit.usecases.driver import Course, text_of


def amira_id(course: Course) -> int:
    people = course.uow.database.rows(PEOPLE).values()
    found = next(p.id for p in people if p.display_name == "Amira Khan")
    assert found is not None
    return found


async def test_forget_me_asks_first_and_changes_nothing(course: Course) -> None:
    reply = await course.ask_to_be_forgotten("amira")

    assert reply.startswith("Delete everything I hold about you?")
    assert any(p.platform_user_id == "amira" for p in course.uow.database.rows(PEOPLE).values())


async def test_a_forgotten_leader_is_anonymised_withdrawn_and_their_progress_deleted(
    course: Course,
) -> None:
    await course.check_in("amira", 1, 2)
    await course.ask("amira", "Is it fine to ask about Camden data?")
    me = amira_id(course)

    reply = await course.confirm_forget_me("amira", me)

    assert reply.startswith("Done. I have deleted your data and no longer know who you are.")
    person = course.uow.database.rows(PEOPLE)[me]
    assert person.display_name == FORMER_PARTICIPANT
    assert person.platform_user_id.startswith("forgotten-")
    assert person.organisation_id is None
    [enrolment] = [e for e in course.uow.database.rows(ENROLMENTS).values() if e.person_id == me]
    assert enrolment.status is EnrolmentStatus.WITHDRAWN
    assert course.uow.database.rows(COMPLETIONS) == {}
    [question] = course.uow.database.rows(QUESTIONS).values()
    assert question.anonymous
    # Her messages not yet sent are gone; what still goes out does not name her.
    assert [d for d in course.outbox() if d.recipient == "amira"] == []
    assert not any("Amira Khan" in text_of(d) for d in course.outbox())


async def test_pressing_forget_me_again_does_nothing_more(course: Course) -> None:
    me = amira_id(course)
    await course.confirm_forget_me("amira", me)
    before = course.uow.database.rows(PEOPLE)

    reply = await course.confirm_forget_me("amira", me)

    assert reply
    assert course.uow.database.rows(PEOPLE) == before


async def test_someone_elses_forget_me_button_erases_nobody(course: Course) -> None:
    me = amira_id(course)

    await course.confirm_forget_me("ben", me)

    assert course.uow.database.rows(PEOPLE)[me].display_name == "Amira Khan"
