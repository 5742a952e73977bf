"""Where the bot may write only to people who opened the app (Teams): their welcome waits
for them, and goes when they first write or install the app."""

from __future__ import annotations

from bot.core.model import DeliveryStatus
from bot.core.outgoing import Address
from bot.core.ports import Unreachable
from bot.core.requests import ConversationSeen
from tests.unit.usecases.driver import PLATFORM, Course, text_of

AMIRA = Address.person(PLATFORM, "amira")


def welcome_of(course: Course, user: str) -> str:
    [key] = [d.key for d in course.outbox("welcome:") if d.recipient == user]
    return key


async def test_a_welcome_that_could_not_reach_someone_goes_when_they_open_the_app(
    course: Course,
) -> None:
    reachable = {"amira": False}
    course.sender.fail_when(lambda d: not reachable.get(d.recipient, True), Unreachable())
    await course.dispatch()
    key = welcome_of(course, "amira")
    assert course.delivery(key).status is DeliveryStatus.FAILED
    assert course.sent_texts("amira") == []

    reachable["amira"] = True
    await course.services.registry.handle(ConversationSeen(AMIRA, {"conversation": {"id": "a:1"}}))
    await course.dispatch()

    assert course.delivery(key).status is DeliveryStatus.SENT
    [welcome] = course.sent_texts("amira")
    assert welcome == text_of(course.delivery(key))
    assert await course.services.reach.reference(AMIRA) is not None


async def test_opening_the_app_again_sends_nothing_twice(course: Course) -> None:
    await course.dispatch()
    before = len(course.sender.sent)

    await course.services.registry.handle(ConversationSeen(AMIRA, {}))
    await course.dispatch()

    assert len(course.sender.sent) == before
