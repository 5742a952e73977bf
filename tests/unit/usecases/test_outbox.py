"""The outbox sends each message once, retries with backoff, and gives up when it must."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.core.model import DeliveryStatus
from bot.core.ports import RetryLater, Undeliverable
from bot.core.services.outbox import DispatchReport
from tests.unit.usecases.driver import Course

# Setting up the sample cohort queues a welcome for each of its four leaders.
WELCOMES = 4


def welcome_to(course: Course, user: str) -> str:
    [welcome] = [d for d in course.outbox("welcome:") if d.recipient == user]
    return welcome.key


async def test_each_due_message_is_sent_once_and_recorded_as_sent(course: Course) -> None:
    report = await course.dispatch()
    again = await course.dispatch()

    assert report == DispatchReport(sent=WELCOMES)
    assert again == DispatchReport()
    assert len(course.sender.sent) == WELCOMES
    for delivery in course.outbox("welcome:"):
        assert delivery.status is DeliveryStatus.SENT
        assert delivery.attempts == 1
        assert delivery.platform_ref in {s.ref for s in course.sender.sent}


async def test_two_dispatchers_at_once_never_send_a_key_twice(course: Course) -> None:
    await asyncio.gather(course.dispatch(), course.dispatch(), course.dispatch())

    keys = [s.delivery.key for s in course.sender.sent]
    assert sorted(keys) == sorted(set(keys))
    assert len(keys) == WELCOMES


async def test_a_message_the_platform_asks_to_retry_waits_longer_each_time(course: Course) -> None:
    course.sender.fail_when(
        lambda d: d.recipient == "amira" and d.attempts <= 2, RetryLater("busy")
    )
    key, start = welcome_to(course, "amira"), course.clock.now()

    first = await course.dispatch()
    assert first == DispatchReport(sent=WELCOMES - 1, retrying=1)
    waiting = course.delivery(key)
    assert (waiting.status, waiting.attempts, waiting.error) == (DeliveryStatus.PENDING, 1, "busy")
    assert waiting.not_before == start + timedelta(seconds=5)

    assert await course.dispatch() == DispatchReport()  # not due yet: nothing is tried
    course.clock.advance(timedelta(seconds=5))
    await course.dispatch()
    assert course.delivery(key).not_before == start + timedelta(seconds=15)  # then 10 s

    course.clock.advance(timedelta(seconds=10))
    await course.dispatch()
    sent = course.delivery(key)
    assert (sent.status, sent.attempts) == (DeliveryStatus.SENT, 3)
    assert course.sender.attempts.count(key) == 3
    assert [s.delivery.key for s in course.sender.sent].count(key) == 1


async def test_a_platforms_retry_after_is_honoured(course: Course) -> None:
    course.sender.fail_next(RetryLater("rate limited", after_seconds=30))
    start = course.clock.now()

    await course.dispatch()

    [waiting] = [d for d in course.outbox() if d.status is DeliveryStatus.PENDING]
    assert waiting.not_before == start + timedelta(seconds=30)


async def test_an_undeliverable_message_fails_and_is_never_tried_again(course: Course) -> None:
    course.sender.fail_for("amira", Undeliverable("user left the workspace"))
    key = welcome_to(course, "amira")

    report = await course.dispatch()
    course.clock.advance(timedelta(hours=2))
    await course.dispatch()

    assert report == DispatchReport(sent=WELCOMES - 1, failed=1)
    failed = course.delivery(key)
    assert (failed.status, failed.error) == (DeliveryStatus.FAILED, "user left the workspace")
    assert course.sender.attempts.count(key) == 1


async def test_a_reply_waits_until_the_message_it_threads_under_is_sent(course: Course) -> None:
    await course.ask("amira", "Where do I start?")
    course.sender.fail_when(lambda d: d.key == "question-asked:1", RetryLater("busy"))
    await course.dispatch()
    card_ref = course.delivery("question:1").platform_ref
    assert card_ref is not None
    await course.reply_in_thread("priya", card_ref, "With the decision.", "m-1")

    await course.dispatch()

    [relay] = course.outbox("relay:")
    assert relay.status is DeliveryStatus.PENDING
    assert relay.error == "waiting for question-asked:1"
    assert relay.attempts == 0
