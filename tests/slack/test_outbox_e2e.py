"""The outbox against Slack's failures: 429, 5xx, and people who cannot be reached."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from bot.core.model import Delivery, DeliveryStatus
from handlers.slack.sender import HEARD_WITHIN
from tests.fakes import events
from tests.fakes.arrivals import ArrivalEvents
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
    # One welcome is refused (the workers send both at once, so either may be first); a
    # lone 429 holds only its own channel, so the other goes at once.
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


def welcomes_in(h: Harness, user: str) -> list[dict[str, object]]:
    """The messages in the user's DM that carry their welcome's delivery key."""
    return [
        m
        for m in h.api.workspace.messages_in("D" + user)
        if str((m.get("metadata") or {}).get("event_payload", {}).get("delivery", "")).startswith(
            "welcome:"
        )
    ]


async def test_every_message_carries_its_delivery_key_in_message_metadata(
    harness: Harness,
) -> None:
    h = harness
    await send_due(h)
    amira = await welcome(h, AMIRA)
    [posted] = welcomes_in(h, AMIRA)
    assert posted["metadata"] == {
        "event_type": "facilitator_delivery",
        "event_payload": {"delivery": amira.key},
    }


@pytest.mark.parametrize(
    "lost",
    [
        {"status": 500},
        {"status": 503},
        {"error": "internal_error"},
        {"status": 200, "delay": 1.5},  # past the sender's timeout
    ],
)
async def test_a_post_whose_answer_is_lost_is_found_in_the_history_and_not_sent_again(
    harness: Harness, lost: dict[str, Any]
) -> None:
    h = harness
    h.api.fail_next(1, method="chat.postMessage", posted=True, **lost)
    await send_due(h)
    unsure = [d for d in (await welcome(h, AMIRA), await welcome(h, BEN)) if d.unsure]
    assert len(unsure) == 1 and unsure[0].status is DeliveryStatus.PENDING

    await send_due(h, timedelta(minutes=1))

    for user in (AMIRA, BEN):
        assert len(welcomes_in(h, user)) == 1
        assert await welcome_status(h, user) is DeliveryStatus.SENT
    [looked] = h.api.calls_to("conversations.history")
    assert looked.args["include_all_metadata"] in (True, "true", "1")
    assert len(h.api.calls_to("chat.postMessage")) == 2  # one each: none posted again
    recorded = await welcome(h, unsure[0].recipient)
    assert (
        recorded.platform_ref
        == f"D{recorded.recipient}:{welcomes_in(h, recorded.recipient)[0]['ts']}"
    )


async def test_a_first_post_that_never_arrived_is_known_from_the_dm_list_then_sent(
    harness: Harness,
) -> None:
    h = harness
    h.api.fail_next(1, method="chat.postMessage", status=500)  # refused before posting
    await send_due(h)
    await send_due(h, timedelta(minutes=1))
    for user in (AMIRA, BEN):
        assert len(welcomes_in(h, user)) == 1
    # Nothing was ever posted to them, so the bot has no DM with them: no history to read.
    assert len(h.api.calls_to("users.conversations")) == 1
    assert h.api.calls_to("conversations.history") == []
    assert len(h.api.calls_to("chat.postMessage")) == 3


async def test_a_later_post_that_never_arrived_is_looked_for_in_the_dm_then_sent(
    harness: Harness,
) -> None:
    h = harness
    await send_due(h)  # the welcomes: the sender now knows both DMs
    [amira] = [c for c in h.api.calls_to("chat.postMessage") if c.args["channel"] == AMIRA]
    await h.slack.direct_message(AMIRA, "hello")
    h.api.fail_next(1, method="chat.postMessage", status=500)  # the reply, refused
    for _ in range(200):  # the reply is queued just after Slack's ack
        await send_due(h)
        if len(h.api.calls_to("chat.postMessage")) == 3:
            break
        await asyncio.sleep(0.005)
    await send_due(h, timedelta(minutes=1))
    [looked] = h.api.calls_to("conversations.history")
    assert looked.args["channel"] == amira.response["channel"]
    assert h.api.calls_to("users.conversations") == h.api.calls_to("conversations.open") == []
    assert delivered(h).count("D" + AMIRA) == 2


async def test_a_rate_limited_post_is_sent_again_without_looking(harness: Harness) -> None:
    h = harness
    h.api.fail_next(1, method="chat.postMessage", status=429, retry_after=1)
    await send_due(h)
    await send_due(h, timedelta(minutes=1))
    for user in (AMIRA, BEN):
        assert len(welcomes_in(h, user)) == 1
    assert h.api.calls_to("conversations.history") == []


async def test_when_the_history_cannot_be_read_the_message_waits_and_is_not_sent_blind(
    harness: Harness,
) -> None:
    h = harness
    h.api.fail_next(1, method="chat.postMessage", posted=True, status=500)
    h.api.fail_next(1, method="conversations.history", status=500)
    await send_due(h)
    await send_due(h, timedelta(minutes=1))  # the look fails: nothing is posted
    assert len(h.api.calls_to("chat.postMessage")) == 2
    await send_due(h, timedelta(minutes=5))
    for user in (AMIRA, BEN):
        assert len(welcomes_in(h, user)) == 1
        assert await welcome_status(h, user) is DeliveryStatus.SENT


async def test_a_rate_limited_look_waits_as_slack_asks_then_finds_the_message(
    harness: Harness,
) -> None:
    h = harness
    h.api.fail_next(1, method="chat.postMessage", posted=True, status=500)
    h.api.fail_next(1, method="conversations.history", status=429, retry_after=30)
    await send_due(h)
    looked_at = h.clock.now() + timedelta(seconds=HEARD_WITHIN)
    await send_due(h, timedelta(seconds=HEARD_WITHIN))  # the look is refused: wait 30 s
    [waiting] = [d for d in (await welcome(h, AMIRA), await welcome(h, BEN)) if d.unsure]
    assert waiting.not_before == looked_at + timedelta(seconds=30)
    await send_due(h, timedelta(seconds=30))
    for user in (AMIRA, BEN):
        assert len(welcomes_in(h, user)) == 1
    # Two tries: the post whose answer was lost, and the look that found it; the refused
    # look was none.
    assert (await welcome(h, waiting.recipient)).attempts == 2
    # Its first post's answer was lost, so the DM is found in the bot's list of DMs.
    assert len(h.api.calls_to("users.conversations")) == 1
    assert h.api.calls_to("conversations.open") == []


async def test_after_a_refused_look_the_other_looks_wait_too_without_asking(
    harness: Harness,
) -> None:
    h = harness
    h.api.fail_next(2, method="chat.postMessage", posted=True, status=500)  # both answers lost
    h.api.fail_next(1, method="conversations.history", status=429, retry_after=30)
    await send_due(h)
    one_by_one = dataclasses.replace(h.bot.core.services.outbox, workers=1)
    h.clock.advance(timedelta(seconds=HEARD_WITHIN))
    refused_at = h.clock.now()

    await one_by_one.dispatch_due()

    assert len(h.api.calls_to("conversations.history")) == 1
    for user in (AMIRA, BEN):
        waiting = await welcome(h, user)
        assert waiting.unsure and waiting.attempts == 1
        assert waiting.not_before is not None
        assert waiting.not_before >= refused_at + timedelta(seconds=29)
    await send_due(h, timedelta(seconds=30))
    for user in (AMIRA, BEN):
        assert len(welcomes_in(h, user)) == 1
        assert await welcome_status(h, user) is DeliveryStatus.SENT


@pytest.mark.parametrize(
    ("lost", "heard_after"),
    [
        ({"status": 500}, 0.0),
        ({"status": 500}, 0.3),  # the event comes after the lost answer is recorded
        ({"status": 200, "delay": 1.5}, 0.0),  # Slack's event comes before the late answer
    ],
)
async def test_slacks_word_that_a_post_arrived_spares_the_look_and_the_resend(
    harness: Harness, lost: dict[str, Any], heard_after: float
) -> None:
    h = harness
    arrivals = ArrivalEvents(h.api, [h.slack], delay=heard_after)
    h.api.fail_next(1, method="chat.postMessage", posted=True, **lost)
    started = h.clock.now()
    await send_due(h)
    await arrivals.settled()
    assert len(arrivals.delivered) == 2
    await send_due(h, timedelta(minutes=1))
    await arrivals.close()

    assert h.api.calls_to("conversations.history") == []
    assert len(h.api.calls_to("chat.postMessage")) == 2
    for user in (AMIRA, BEN):
        [posted] = welcomes_in(h, user)
        recorded = await welcome(h, user)
        assert recorded.status is DeliveryStatus.SENT and not recorded.unsure
        assert recorded.platform_ref == f"D{user}:{posted['ts']}"
        assert recorded.attempted_at is not None and recorded.attempted_at >= started


async def test_a_lost_answer_waits_for_slacks_word_before_looking(harness: Harness) -> None:
    h = harness
    h.api.fail_next(1, method="chat.postMessage", posted=True, status=500)
    tried_at = h.clock.now()
    await send_due(h)
    [unsure] = [d for d in (await welcome(h, AMIRA), await welcome(h, BEN)) if d.unsure]
    assert unsure.not_before is not None
    assert unsure.not_before >= tried_at + timedelta(seconds=HEARD_WITHIN)


async def test_an_arrival_another_app_reports_changes_nothing(harness: Harness) -> None:
    h = harness
    waiting = await welcome(h, AMIRA)
    metadata = {"event_type": "facilitator_delivery", "event_payload": {"delivery": waiting.key}}
    claimed = events.message_metadata_posted(
        h.api.workspace, "D" + AMIRA, "1700000000.000100", metadata, app_id="A0SOMEONE1"
    )
    answer = await h.slack.event(claimed)
    assert answer.status == 200
    assert await welcome(h, AMIRA) == waiting
    await send_due(h)
    assert len(welcomes_in(h, AMIRA)) == 1
