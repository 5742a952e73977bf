"""Finding the bot's DM with someone to look in it: one listing serves many looks, is
trusted only for posts that ended before it began, and is made at most every 5 seconds."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.ports import RateLimited
from handlers.slack.dm_channels import LIST_EVERY, DmChannels
from tests.fakes.slack_api import FakeSlackAPI

AMIRA, BEN = "U0AMIRA001", "U0BEN00001"


class Seconds:
    """A monotonic clock that moves only when the test says."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as fake:
        fake.add_user(AMIRA, "Amira Khan")
        fake.add_user(BEN, "Ben Hughes")
        yield fake


@pytest.fixture
def seconds() -> Seconds:
    return Seconds()


@pytest.fixture
def dms(slack: FakeSlackAPI, seconds: Seconds) -> DmChannels:
    return DmChannels(AsyncWebClient(token="xoxb-test", base_url=slack.url), seconds)


async def post_losing_the_answer(slack: FakeSlackAPI, dms: DmChannels, user: str) -> None:
    """A post that arrived, though the bot never learnt where: its answer was lost."""
    client = AsyncWebClient(token="xoxb-test", base_url=slack.url)
    await client.chat_postMessage(channel=user, text="Welcome")
    dms.posted(user)


async def test_looks_waiting_together_share_one_listing(
    slack: FakeSlackAPI, dms: DmChannels, seconds: Seconds
) -> None:
    await post_losing_the_answer(slack, dms, AMIRA)
    await post_losing_the_answer(slack, dms, BEN)
    seconds.now += 1

    found = await asyncio.gather(dms.to_look_in(AMIRA), dms.to_look_in(BEN))

    assert found == ["D" + AMIRA, "D" + BEN]
    assert len(slack.calls_to("users.conversations")) == 1
    assert slack.calls_to("conversations.open") == []


async def test_someone_never_posted_to_has_no_dm_to_look_in(
    slack: FakeSlackAPI, dms: DmChannels
) -> None:
    dms.posted(AMIRA)  # refused before Slack posted anything

    assert await dms.to_look_in(AMIRA) is None
    assert len(slack.calls_to("users.conversations")) == 1  # listed, not guessed
    assert slack.calls_to("conversations.open") == []  # opening would make a DM


async def test_a_listing_begun_before_a_post_ended_is_made_again_for_it(
    slack: FakeSlackAPI, dms: DmChannels, seconds: Seconds
) -> None:
    await post_losing_the_answer(slack, dms, BEN)
    seconds.now += 1
    assert await dms.to_look_in(BEN) == "D" + BEN  # the listing: no DM with Amira yet
    seconds.now += 1
    await post_losing_the_answer(slack, dms, AMIRA)

    with pytest.raises(RateLimited) as waiting:  # too soon for another listing
        await dms.to_look_in(AMIRA)
    assert waiting.value.after_seconds == LIST_EVERY - 1
    seconds.now += LIST_EVERY
    assert await dms.to_look_in(AMIRA) == "D" + AMIRA
    assert len(slack.calls_to("users.conversations")) == 2


async def test_a_dm_an_answer_named_needs_no_listing(slack: FakeSlackAPI, dms: DmChannels) -> None:
    dms.remember(AMIRA, "D" + AMIRA)

    assert await dms.to_look_in(AMIRA) == "D" + AMIRA
    assert slack.calls_to("users.conversations") == []


async def test_without_im_read_each_dm_is_found_by_opening_it(
    slack: FakeSlackAPI, dms: DmChannels, seconds: Seconds, caplog: pytest.LogCaptureFixture
) -> None:
    """An app installed before it asked for im:read cannot list its DMs: it still finds
    the one a lost post went to, and one for someone never posted to (empty to look in)."""
    await post_losing_the_answer(slack, dms, AMIRA)
    seconds.now += 1
    slack.fail_next(error="missing_scope", method="users.conversations")

    amira = await dms.to_look_in(AMIRA)
    seconds.now += LIST_EVERY + 1
    ben = await dms.to_look_in(BEN)

    [posted] = slack.calls_to("chat.postMessage")
    assert amira == posted.response["channel"]
    assert ben is not None and ben != amira
    assert len(slack.calls_to("users.conversations")) == 1  # not asked again
    assert [c.args["users"] for c in slack.calls_to("conversations.open")] == [AMIRA, BEN]
    assert "im:read" in caplog.text
