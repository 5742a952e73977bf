"""Where direct messages have no threads (Teams' one-to-one chats), each answer reaches
the asker on its own, with a Reply button whose form carries their reply back."""

from __future__ import annotations

from datetime import timedelta

from bot.core.messages import Actions, Form
from bot.core.model import Actor
from bot.core.platforms import Capabilities, CommandNames, Platform
from bot.core.replies.questions import REPLY, REPLY_FORM, TEXT
from bot.core.requests import PressButton, SubmitForm
from tests.unit.usecases.driver import PLATFORM, START, Course, london, text_of

AMIRA = Actor(PLATFORM, "amira")
NO_THREADS = Platform(
    PLATFORM, CommandNames.typed_as_words(), Capabilities(threads_in_direct_messages=False)
)


async def answered_course() -> Course:
    """Amira asked Q-1 and Priya answered it in the moderators' thread."""
    course = Course.at(london(START - timedelta(days=7), 10), NO_THREADS)
    await course.set_up()
    await course.ask("amira", "How do I choose a first measure?")
    await course.dispatch()
    card_ref = course.delivery("question:1").platform_ref
    assert card_ref is not None
    await course.reply_in_thread("priya", card_ref, "Start from the decision.", "m-1")
    await course.dispatch()
    return course


async def test_the_asker_is_told_answers_come_with_a_reply_button() -> None:
    course = await answered_course()

    assert text_of(course.delivery("question-asked:1")) == (
        "Your question Q-1 is with the moderators. "
        "Their answers will appear here, each with a Reply button."
    )


async def test_an_answer_arrives_on_its_own_with_a_reply_button_naming_the_question() -> None:
    course = await answered_course()

    [copy] = course.outbox("relay:")
    assert copy.outgoing.under is None
    assert text_of(copy) == "Priya Shah (moderator) replied about Q-1: Start from the decision."
    [actions] = [b for b in copy.outgoing.message.blocks if isinstance(b, Actions)]
    assert [(b.label, b.action, b.value) for b in actions.buttons][-1] == ("Reply", REPLY, "Q-1")


async def test_the_reply_button_opens_a_form_and_its_reply_reaches_the_moderators() -> None:
    course = await answered_course()

    form = await course.handle(PressButton(AMIRA, REPLY, "Q-1"))
    assert isinstance(form, Form) and form.callback == REPLY_FORM
    answers = {TEXT: ("Thank you, and for a service with no data?",)}
    await course.services.registry.handle(
        SubmitForm(AMIRA, REPLY_FORM, form.state, answers, "submission-1")
    )
    await course.dispatch()

    [to_moderators] = [d for d in course.outbox("relay:") if d.recipient != "amira"]
    assert text_of(to_moderators) == "Amira Khan wrote: Thank you, and for a service with no data?"
    assert to_moderators.outgoing.under == "question:1"
    assert text_of(course.delivery("reply-form:submission-1")) == "Sent to the moderators."


async def test_nobody_else_can_open_the_reply_form_of_a_question() -> None:
    course = await answered_course()

    answer = await course.handle(PressButton(Actor(PLATFORM, "ben"), REPLY, "Q-1"))

    assert not isinstance(answer, Form)
    assert answer is not None and answer.text.startswith("That question no longer exists.")
