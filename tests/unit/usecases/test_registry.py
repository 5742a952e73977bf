"""The registry: each request reaches its use case, and a platform that lacks something
gets the nearest thing it can show."""

from __future__ import annotations

from datetime import timedelta
from typing import get_args

from bot.core.commands import Command, ShowHelp
from bot.core.messages import Form, Message
from bot.core.model import Actor
from bot.core.platforms import Capabilities, CommandName, CommandNames, Platform
from bot.core.requests import PressButton, RunCommand
from bot.core.usecases.commands import COMMAND_HANDLERS
from tests.unit.usecases.driver import PLATFORM, START, Course, london, text_of

AMIRA = Actor(PLATFORM, "amira")
BEFORE_THE_START = london(START - timedelta(days=7), 10)


async def on(platform: Platform) -> Course:
    course = Course.at(BEFORE_THE_START, platform)
    await course.set_up()
    return course


def typed(command: CommandName, text: str = "", in_channel: str | None = None) -> RunCommand:
    return RunCommand(AMIRA, command, text, tuple(text.split()), in_channel=in_channel)


def test_every_command_the_grammar_can_give_has_a_use_case() -> None:
    commands = {t for c in get_args(Command) for t in (get_args(c) or (c,))}
    # Help is answered by the registry itself, in the words of the person's platform.
    assert commands - {ShowHelp} == set(COMMAND_HANDLERS)


async def test_a_platform_without_slash_commands_names_commands_as_words_in_its_answers() -> None:
    course = await on(Platform(PLATFORM, CommandNames.typed_as_words()))

    reply = await course.handle(typed(CommandName.CHECKIN, "help"))

    assert isinstance(reply, Message)
    assert "checkin 1-4 or checkin 2 5 7: several at once" in reply.text
    assert "/" not in reply.text


async def test_a_platform_without_forms_gets_the_forms_text_instead() -> None:
    course = await on(Platform(PLATFORM, CommandNames.typed_as_words(), Capabilities(forms=False)))

    reply = await course.handle(typed(CommandName.CHECKIN))

    assert isinstance(reply, Message) and not isinstance(reply, Form)
    assert "checkin" in reply.text


async def test_a_platform_with_forms_gets_the_form() -> None:
    course = await on(Platform(PLATFORM, CommandNames.typed_as_words()))

    assert isinstance(await course.handle(typed(CommandName.CHECKIN)), Form)


async def test_without_private_replies_a_command_typed_in_a_channel_is_answered_directly() -> None:
    course = await on(Platform(PLATFORM, CommandNames.typed_as_words(), Capabilities(False)))

    reply = await course.handle(typed(CommandName.PROGRESS, in_channel="general"))

    assert reply is None
    [answer] = course.outbox("answer:")
    assert answer.recipient == "amira"
    assert text_of(answer).startswith("You have done 0 of 32 modules.")


async def test_with_private_replies_a_command_typed_in_a_channel_is_answered_in_place() -> None:
    course = await on(Platform(PLATFORM, CommandNames.typed_as_words()))

    reply = await course.handle(typed(CommandName.PROGRESS, in_channel="general"))

    assert isinstance(reply, Message) and reply.text.startswith("You have done 0 of 32 modules.")
    assert course.outbox("answer:") == []


async def test_a_button_pressed_where_nothing_can_answer_is_answered_directly(
    course: Course,
) -> None:
    reply = await course.handle(PressButton(AMIRA, "join_cohort", "", answer_in_place=False))

    assert reply is None
    [answer] = course.outbox("answer:")
    assert text_of(answer).startswith("You are already enrolled")


async def test_a_button_nobody_knows_says_it_no_longer_does_anything(course: Course) -> None:
    reply = await course.handle(PressButton(AMIRA, "a_button_from_last_year", "7"))

    assert isinstance(reply, Message)
    assert reply.text == "That button no longer does anything. Type /progress to see where you are."
