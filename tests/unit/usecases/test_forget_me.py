"""A leader can have everything about them erased; pressing the button twice does no more."""

from __future__ import annotations

from bot.core.model import Actor, EnrolmentStatus
from bot.core.personal_data import FORMER_PARTICIPANT
from bot.core.services.relay import Relayed
from tests.fakes.core.rows import COMPLETIONS, ENROLMENTS, PEOPLE, POSTS, QUESTIONS
from tests.unit.usecases.driver import PLATFORM, Course, text_of


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


ASKER_GONE = "The asker of Q-1 has deleted their data, so your reply was not sent."


async def forgotten_asker_with_a_card(course: Course) -> str:
    """Amira asks, the card is posted, then she is forgotten; the card's reference."""
    await course.ask("amira", "Is it fine to ask about Camden data?")
    await course.dispatch()
    card_ref = course.delivery("question:1").platform_ref
    assert card_ref is not None
    await course.confirm_forget_me("amira", amira_id(course))
    return card_ref


async def test_a_reply_in_a_forgotten_askers_thread_is_not_kept_and_its_writer_is_told(
    course: Course,
) -> None:
    card_ref = await forgotten_asker_with_a_card(course)

    relayed = await course.reply_in_thread("priya", card_ref, "Anything else, Amira?", "m-1")

    assert relayed is Relayed.ASKER_GONE
    assert course.uow.database.rows(POSTS) == {}
    assert course.outbox("relay:") == []
    told = course.delivery("asker-gone:m-1")
    assert text_of(told) == ASKER_GONE
    assert told.outgoing.under == "question:1"  # in the thread the moderator wrote in


async def test_a_reply_to_a_forgotten_askers_question_by_reference_says_it_was_not_sent(
    course: Course,
) -> None:
    await forgotten_asker_with_a_card(course)

    answer = await course.services.relay.reply_to(
        Actor(PLATFORM, "priya"), "Q-1", "Anything else, Amira?", "m-1"
    )

    assert answer.text == ASKER_GONE
    assert course.uow.database.rows(POSTS) == {}
    assert course.outbox("asker-gone:") == []  # the answer says it; nothing in the thread


async def test_moderators_keep_internal_notes_about_a_forgotten_askers_question(
    course: Course,
) -> None:
    card_ref = await forgotten_asker_with_a_card(course)

    relayed = await course.reply_in_thread("priya", card_ref, "(internal) Closing this.", "m-1")

    assert relayed is Relayed.KEPT_INTERNAL
    assert [p.text for p in course.uow.database.rows(POSTS).values()] == [
        "(internal) Closing this."
    ]
