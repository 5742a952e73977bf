"""Leaders ask the moderators; replies in a question's thread reach the other side."""

from __future__ import annotations

from bot.core.services.relay import Relayed
from tests.fakes.core.rows import QUESTIONS
from tests.unit.usecases.driver import Course, text_of

MODERATORS = "C0MODERATE1"


async def test_asking_queues_the_moderators_card_and_starts_the_askers_thread(
    course: Course,
) -> None:
    reply = await course.ask("amira", "How do I choose a first measure?")

    assert reply.startswith("Thank you. Your question is Q-1.")
    card = course.delivery("question:1")
    assert card.recipient == MODERATORS
    assert text_of(card).startswith("Question Q-1 from Amira Khan, Camden Council (")
    assert "How do I choose a first measure?" in text_of(card)
    thread = course.delivery("question-asked:1")
    assert thread.recipient == "amira"
    assert text_of(thread).startswith("Your question Q-1 is with the moderators.")
    [question] = course.uow.database.rows(QUESTIONS).values()
    assert question.text == "How do I choose a first measure?"


async def test_an_empty_question_is_refused_and_nothing_is_queued(course: Course) -> None:
    before = len(course.outbox())

    reply = await course.ask("amira", "   ")

    assert reply.startswith("Your question is empty.")
    assert len(course.outbox()) == before
    assert course.uow.database.rows(QUESTIONS) == {}


async def test_a_moderators_reply_in_the_card_thread_reaches_the_asker_in_their_thread(
    course: Course,
) -> None:
    await course.ask("amira", "How do I choose a first measure?")
    await course.dispatch()
    card_ref = course.delivery("question:1").platform_ref
    asked_ref = course.delivery("question-asked:1").platform_ref
    assert card_ref is not None and asked_ref is not None

    relayed = await course.reply_in_thread("priya", card_ref, "Start from the decision.", "m-1")
    await course.dispatch()

    assert relayed is Relayed.CARRIED
    [copy] = course.outbox("relay:")
    assert copy.recipient == "amira"
    assert text_of(copy) == "Priya Shah (moderator) replied: Start from the decision."
    [sent] = [s for s in course.sender.sent if s.delivery.key == copy.key]
    assert sent.links.thread_ref == asked_ref
    [question] = course.uow.database.rows(QUESTIONS).values()
    assert question.first_reply_at == course.clock.now()


async def test_a_reply_delivered_twice_by_the_platform_is_carried_once(course: Course) -> None:
    await course.ask("amira", "How do I choose a first measure?")
    await course.dispatch()
    card_ref = course.delivery("question:1").platform_ref
    assert card_ref is not None

    await course.reply_in_thread("priya", card_ref, "Start from the decision.", "m-1")
    again = await course.reply_in_thread("priya", card_ref, "Start from the decision.", "m-1")

    assert again is Relayed.ALREADY_SEEN
    assert len(course.outbox("relay:")) == 1


async def test_an_internal_note_stays_among_the_moderators(course: Course) -> None:
    await course.ask("amira", "How do I choose a first measure?")
    await course.dispatch()
    card_ref = course.delivery("question:1").platform_ref
    assert card_ref is not None

    relayed = await course.reply_in_thread("priya", card_ref, "(internal) I'll take it", "m-2")

    assert relayed is Relayed.KEPT_INTERNAL
    assert course.outbox("relay:") == []
