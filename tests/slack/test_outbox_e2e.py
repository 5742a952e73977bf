"""The outbox against Slack's failures: 429, 5xx, and people who cannot be reached."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.core.model import Delivery, DeliveryStatus
from tests.slack.conftest import AMIRA, BEN, Harness

pytestmark = pytest.mark.manual_outbox


async def send_due(h: Harness, after: timedelta = timedelta(0)) -> None:
    h.clock.advance(after)
    await h.bot.core.services.outbox.dispatch_due()


def delivered(h: Harness) -> list[str]:
    """The channels where messages landed (a DM posted to a user id lands in "D<user>")."""
    return [c.response["channel"] for c in h.api.calls_to("chat.postMessage") if c.ok]


async def welcome(h: Harness, user: str) -> Delivery:
    async with h.bot.core.services.ctx.uow() as uow:
        person = await uow.people.find("slack", user)
        cohort = await uow.cohorts.find("test-cohort")
        assert person is not None and cohort is not None
        found = await uow.deliveries.get(f"welcome:{cohort.id}:{person.id}")
    assert found is not None
    return found


async def welcome_status(h: Harness, user: str) -> DeliveryStatus:
    return (await welcome(h, user)).status


async def test_a_429_waits_for_retry_after_then_sends_once(harness: Harness) -> None:
    h = harness
    refused_at = h.clock.now()
    h.api.fail_next(1, status=429, retry_after=30, method="chat.postMessage")
    # One welcome is refused (the workers send both at once, so either may be first). The
    # other goes at once or, if it queued behind it, after the sender's shared 30-second
    # pause (the test clock moves through it).
    await send_due(h)
    [sent] = delivered(h)
    late = AMIRA if sent == "D" + BEN else BEN
    refused = await welcome(h, late)
    assert refused.status is DeliveryStatus.PENDING
    assert refused.not_before is not None
    assert refused.not_before >= refused_at + timedelta(seconds=30)
    await send_due(h, max(refused.not_before - h.clock.now(), timedelta(0)))
    assert sorted(delivered(h)) == ["D" + AMIRA, "D" + BEN]
    await send_due(h, timedelta(hours=2))
    assert len(delivered(h)) == 2


async def test_server_errors_back_off_and_the_message_still_arrives_once(harness: Harness) -> None:
    h = harness
    h.api.fail_next(3, status=500, method="chat.postMessage")
    await send_due(h)  # Amira fails, Ben fails
    await send_due(h, timedelta(seconds=5))  # one of them fails again
    await send_due(h, timedelta(seconds=10))
    assert sorted(delivered(h)) == ["D" + AMIRA, "D" + BEN]
    await send_due(h, timedelta(hours=2))
    assert len(delivered(h)) == 2


async def test_a_leader_who_cannot_be_reached_is_marked_and_not_retried(harness: Harness) -> None:
    h = harness
    h.api.fail_next(1, error="account_inactive", method="chat.postMessage")
    await send_due(h)
    await send_due(h, timedelta(days=1))
    # The workers send both welcomes at once, so either may meet the error first.
    statuses = {await welcome_status(h, AMIRA), await welcome_status(h, BEN)}
    assert statuses == {DeliveryStatus.FAILED, DeliveryStatus.SENT}
    assert len(h.api.calls_to("chat.postMessage")) == 2


async def test_direct_messages_go_to_the_user_id_without_opening_a_conversation(
    harness: Harness,
) -> None:
    h = harness
    await send_due(h)
    await h.slack.direct_message(AMIRA, "hello")
    for _ in range(200):  # the reply is queued just after Slack's ack
        await send_due(h)
        if len(delivered(h)) == 3:
            break
        await asyncio.sleep(0.005)
    assert delivered(h).count("D" + AMIRA) == 2
    posted_to = [c.args["channel"] for c in h.api.calls_to("chat.postMessage")]
    assert sorted(posted_to) == [AMIRA, AMIRA, BEN]
    assert h.api.calls_to("conversations.open") == []
