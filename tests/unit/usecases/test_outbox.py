"""The outbox sends each message once, retries with backoff, and gives up when it must."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.model import Delivery, DeliveryStatus
from bot.core.outgoing import Links
from bot.core.ports import RetryLater, Undeliverable
from bot.core.services.liveness import SILENCE
from bot.core.services.outbox import DispatchReport
from tests.fakes.core.recording_sender import RecordingSender, Sent
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


async def waits_of(course: Course, key: str) -> list[timedelta]:
    """Dispatch until `key` is sent: how long each failed try made it wait."""
    waits = []
    while (await course.dispatch()).retrying:
        waiting = course.delivery(key)
        assert waiting.not_before is not None
        waits.append(waiting.not_before - course.clock.now())
        course.clock.advance(waits[-1])
    return waits


@dataclass
class SlowFor:
    """The course's sender, but a send to `recipient` takes many turns of the loop."""

    sender: RecordingSender
    recipient: str
    platform: str = "test"

    async def send(self, delivery: Delivery, links: Links) -> str:
        if delivery.recipient == self.recipient:
            for _ in range(100):
                await asyncio.sleep(0)
        return await self.sender.send(delivery, links)

    async def find_sent(self, delivery: Delivery, links: Links, since: datetime) -> str | None:
        return await self.sender.find_sent(delivery, links, since)


async def test_a_slow_send_holds_up_only_its_own_recipient(course: Course) -> None:
    amira = welcome_to(course, "amira")
    slow = SlowFor(course.sender, "amira")
    outbox = dataclasses.replace(course.services.outbox, workers=2, senders={"test": slow})

    # Two at a time: the other worker reads on while Amira's welcome is on its way.
    report = await outbox.dispatch_due(batch=2)

    assert report == DispatchReport(sent=WELCOMES)
    assert keys_sent(course)[-1] == amira


async def test_a_message_the_platform_asks_to_retry_waits_longer_each_time(course: Course) -> None:
    course.sender.fail_when(
        lambda d: d.recipient == "amira" and d.attempts <= 3, RetryLater("busy")
    )
    key = welcome_to(course, "amira")

    waits = await waits_of(course, key)

    # Waits double from a second, each cut at random by up to a half.
    assert len(waits) == 3
    for n, wait in enumerate(waits):
        assert timedelta(seconds=2**n) / 2 <= wait <= timedelta(seconds=2**n)
    sent = course.delivery(key)
    assert (sent.status, sent.attempts, sent.error) == (DeliveryStatus.SENT, 4, None)
    assert course.sender.attempts.count(key) == 4
    assert [s.delivery.key for s in course.sender.sent].count(key) == 1


async def test_messages_that_failed_together_do_not_come_back_together(course: Course) -> None:
    course.sender.fail_next(*[RetryLater("busy")] * WELCOMES)

    await course.dispatch()

    assert len({d.not_before for d in course.outbox("welcome:")}) == WELCOMES


async def test_waits_stop_growing_at_half_a_minute(course: Course) -> None:
    course.sender.fail_when(
        lambda d: d.recipient == "amira" and d.attempts <= 10, RetryLater("busy")
    )

    waits = await waits_of(course, welcome_to(course, "amira"))

    assert len(waits) == 10
    assert all(wait <= timedelta(seconds=30) for wait in waits)
    assert waits[-1] >= timedelta(seconds=15)


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


def keys_sent(course: Course) -> list[str]:
    return [s.delivery.key for s in course.sender.sent]


async def test_a_message_whose_answer_was_lost_is_found_and_never_sent_again(
    course: Course,
) -> None:
    course.sender.lose_answers(1)
    first = await course.dispatch()
    assert first == DispatchReport(sent=WELCOMES - 1, retrying=1)
    [unsure] = [d for d in course.outbox() if d.status is DeliveryStatus.PENDING]
    assert unsure.unsure and unsure.attempted_at == course.clock.now()

    course.clock.advance(timedelta(seconds=5))
    await course.dispatch()

    found = course.delivery(unsure.key)
    assert (found.status, found.unsure) == (DeliveryStatus.SENT, False)
    assert found.platform_ref is not None
    assert sorted(keys_sent(course)) == sorted(set(keys_sent(course)))
    assert course.sender.attempts.count(unsure.key) == 1  # looked for, not sent again


async def test_a_message_known_not_to_have_gone_is_sent_again_without_looking(
    course: Course,
) -> None:
    course.sender.fail_next(RetryLater("rate limited", after_seconds=1))
    await course.dispatch()
    [waiting] = [d for d in course.outbox() if d.status is DeliveryStatus.PENDING]
    assert not waiting.outcome_unknown

    course.clock.advance(timedelta(seconds=1))
    await course.dispatch()

    assert course.delivery(waiting.key).status is DeliveryStatus.SENT
    assert course.sender.attempts.count(waiting.key) == 2


async def test_a_claim_left_by_a_process_that_died_is_freed_and_checked_at_once(
    course: Course,
) -> None:
    key = welcome_to(course, "amira")
    stored = course.delivery(key)
    # Another process claimed amira's welcome, posted it, and died before recording it.
    async with course.uow() as uow:
        assert await uow.deliveries.claim(
            stored, course.clock.now(), course.clock.now() + timedelta(minutes=2), "dead-process"
        )
        await uow.commit()
    course.sender.sent.append(Sent(stored, "posted-by-the-dead", None, Links()))
    await course.dispatch()
    assert course.delivery(key).status is DeliveryStatus.PENDING  # still held by the claim

    course.clock.advance(SILENCE)
    assert await course.services.liveness.beat() == 1
    await course.dispatch()

    recorded = course.delivery(key)
    assert (recorded.status, recorded.platform_ref) == (DeliveryStatus.SENT, "posted-by-the-dead")
    assert key not in course.sender.attempts


async def test_a_process_alone_frees_every_other_claim_without_waiting(course: Course) -> None:
    key = welcome_to(course, "amira")
    async with course.uow() as uow:
        now = course.clock.now()
        assert await uow.deliveries.claim(
            course.delivery(key), now, now + timedelta(minutes=2), "before-the-restart"
        )
        await uow.commit()

    assert await course.services.liveness.alone() == 1
    await course.dispatch()

    assert course.delivery(key).status is DeliveryStatus.SENT
    assert course.sender.attempts.count(key) == 1  # not found in the history: sent once
