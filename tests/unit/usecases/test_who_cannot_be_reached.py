"""Where the bot may write only to people who have the app (Teams), coordinators see who
it cannot reach yet, and what to do, in `cohort status` and in the weekly digest."""

from __future__ import annotations

from datetime import timedelta

from bot.core.messages import Block, Context, Message, Paragraph
from bot.core.model import Actor, Cohort, Role
from bot.core.outgoing import Address
from bot.core.platforms import Capabilities, CommandName, Platform
from bot.core.replies.cohort import MAX_UNREACHED_LISTED, NotReached, Unreached, status_message
from bot.core.requests import ConversationSeen, RunCommand
from tests.unit.typed import SLASH
from tests.unit.usecases.driver import (
    CURRICULUM,
    PLATFORM,
    START,
    Course,
    london,
    text_of,
)

ADVICE = "Ask them to open the app once."
NOT_FIRST = Platform(PLATFORM, SLASH, Capabilities(writes_first=False), ADVICE)
EVERYONE_BUT_AMIRA = ["Ben Adeyemi", "Chloe Martin", "Dev Patel", "Priya Shah"]


async def course_on(platform: Platform) -> tuple[Course, Cohort]:
    """The sample cohort, its people on `platform`."""
    course = Course.at(london(START - timedelta(days=7), 10), platform)
    return course, await course.set_up()


async def status(course: Course) -> Message:
    """`cohort status`, typed by Sam, the coordinator."""
    command = RunCommand(Actor(PLATFORM, "sam"), CommandName.COHORT, "status", ("status",))
    reply = await course.handle(command)
    assert isinstance(reply, Message)
    return reply


def texts(blocks: tuple[Block, ...]) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph | Context)]


def listed(message: Message) -> list[str]:
    """The names under "Cannot be reached yet", without their roles."""
    shown = texts(message.blocks)
    lead = next(i for i, t in enumerate(shown) if t.startswith("The bot cannot write to"))
    return [line.split(" (")[0] for line in shown[lead + 1].splitlines()]


def advice(message: Message) -> list[str]:
    return [b.text for b in message.blocks if isinstance(b, Context) and b.text == ADVICE]


async def test_status_lists_leaders_and_moderators_who_never_opened_the_app() -> None:
    course, _ = await course_on(NOT_FIRST)
    await course.services.registry.handle(
        ConversationSeen(Address.person(PLATFORM, "amira"), {"conversation": {"id": "a:1"}})
    )

    message = await status(course)

    assert listed(message) == EVERYONE_BUT_AMIRA
    assert "Ben Adeyemi (leader)\n" in "\n".join(texts(message.blocks))
    assert "Priya Shah (moderator)\n" in "\n".join(texts(message.blocks))
    assert advice(message) == [ADVICE]
    assert message.text.endswith("4 people cannot be reached yet.")


async def test_the_digest_lists_them_too() -> None:
    course, cohort = await course_on(NOT_FIRST)

    await course.services.reports.weekly_digest(cohort.id or 0, 1)

    [digest] = course.outbox("digest:")
    message = digest.outgoing.message
    assert listed(message) == ["Amira Khan", *EVERYONE_BUT_AMIRA]
    assert advice(message) == [ADVICE]
    assert text_of(digest).endswith("5 people cannot be reached yet.")


async def test_nothing_is_said_once_everyone_has_the_app() -> None:
    course, _ = await course_on(NOT_FIRST)
    for user in ["amira", "ben", "chloe", "dev", "priya"]:
        await course.services.reach.remember(Address.person(PLATFORM, user), {})

    message = await status(course)

    assert "reached" not in message.text
    assert not any("cannot write" in text for text in texts(message.blocks))


async def test_nothing_is_said_where_the_bot_can_write_first() -> None:
    course, cohort = await course_on(Platform(PLATFORM, SLASH))

    message = await status(course)
    await course.services.reports.weekly_digest(cohort.id or 0, 1)

    [digest] = course.outbox("digest:")
    for shown in (message, digest.outgoing.message):
        assert "reached" not in shown.text
        assert not any("cannot write" in text for text in texts(shown.blocks))


async def test_a_long_list_is_capped() -> None:
    _, cohort = await course_on(NOT_FIRST)
    people = [Unreached(f"Leader {n:03}", Role.LEADER) for n in range(MAX_UNREACHED_LISTED + 5)]

    message = status_message(cohort, CURRICULUM, [], 0, "Week 1", NotReached(people, ADVICE))

    lines = listed(message)
    assert len(lines) == MAX_UNREACHED_LISTED + 1
    assert lines[-1] == "And 5 more."
