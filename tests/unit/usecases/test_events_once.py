"""Every event's record commits with its effect: a failure before the commit leaves
neither, so the platform's retry is handled, and a retry of a handled event does nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

import pytest

from bot.core.model import Actor
from bot.core.requests import DirectMessage, Mentioned, MessageEdited, ThreadReply
from tests.fakes.core.memory_uow import MemoryUnitOfWork
from tests.unit.usecases.driver import PLATFORM, Course

Event = DirectMessage | Mentioned | ThreadReply | MessageEdited
Scenario = Callable[[Course], Awaitable[Event]]


def actor(user: str) -> Actor:
    return Actor(PLATFORM, user)


async def a_leader_writes_a_question(course: Course) -> Event:
    return DirectMessage(actor("amira"), "How do I choose a first measure?", "Ev-draft")


async def a_stranger_says_hello(course: Course) -> Event:
    return DirectMessage(actor("stranger"), "Hello?", "Ev-hello")


async def a_leader_mentions_the_bot(course: Course) -> Event:
    return Mentioned(actor("amira"), "C0COHORT01", "C0COHORT01:1.1", "Ev-mention")


async def a_reply_in_a_thread_about_no_question(course: Course) -> Event:
    return ThreadReply(actor("amira"), "Damira:9.1", "Damira:9.2", "And?", "Ev-lost", True)


async def a_moderator_replies_to_a_question(course: Course) -> Event:
    card = await _asked(course)
    return ThreadReply(actor("priya"), card, "m-1", "Start from the decision.", "Ev-reply", False)


async def a_moderator_edits_their_reply(course: Course) -> Event:
    card = await _asked(course)
    await course.reply_in_thread("priya", card, "Start from the decision.", "m-1")
    return MessageEdited(
        actor("priya"), "m-1", "Start from the decision you face.", "e-1", "Ev-edit"
    )


async def _asked(course: Course) -> str:
    """Amira's question, posted: the platform's reference of its card."""
    await course.ask("amira", "How do I choose a first measure?")
    await course.dispatch()
    card = course.delivery("question:1").platform_ref
    assert card is not None
    return card


@contextmanager
def next_commit_fails(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The next unit of work to commit fails instead, as if the database went away."""
    commit = MemoryUnitOfWork.commit
    failed: list[bool] = []

    async def fail_once(self: MemoryUnitOfWork) -> None:
        if not failed:
            failed.append(True)
            raise RuntimeError("the database went away")
        await commit(self)

    monkeypatch.setattr(MemoryUnitOfWork, "commit", fail_once)
    yield
    monkeypatch.setattr(MemoryUnitOfWork, "commit", commit)
    assert failed, "no unit of work committed"


async def recorded(course: Course, event_id: str) -> bool:
    async with course.uow() as uow:
        return await uow.processed_events.seen(event_id)


@pytest.mark.parametrize(
    "scenario",
    [
        a_leader_writes_a_question,
        a_stranger_says_hello,
        a_leader_mentions_the_bot,
        a_reply_in_a_thread_about_no_question,
        a_moderator_replies_to_a_question,
        a_moderator_edits_their_reply,
    ],
)
async def test_an_event_whose_commit_failed_leaves_no_record_and_its_retry_acts_once(
    course: Course, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = await scenario(course)
    queued = len(course.outbox())
    with next_commit_fails(monkeypatch), pytest.raises(RuntimeError):
        await course.services.registry.handle(event)
    assert not await recorded(course, event.event_id)
    assert len(course.outbox()) == queued
    await course.services.registry.handle(event)  # the platform's retry acts
    acted = [d.key for d in course.outbox()]
    assert len(acted) > queued
    await course.services.registry.handle(event)  # and another does nothing more
    assert await recorded(course, event.event_id)
    assert [d.key for d in course.outbox()] == acted
