"""The fake's rate limits: 429 with Retry-After past each of Slack's limits, on a test clock."""

from __future__ import annotations

from collections.abc import Awaitable

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.rate_limits import TIER_3_HISTORY, RateLimits
from tests.fakes.slack_api import FakeSlackAPI


class Seconds:
    """A monotonic clock that moves only when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def seconds(fake_slack: FakeSlackAPI) -> Seconds:
    """Turn the fake's limits on, on a clock the test moves."""
    clock = Seconds()
    fake_slack.rate_limits = RateLimits(messages_per_minute=3, tier_3_per_minute=2, now=clock)
    return clock


async def refused(call: Awaitable[object]) -> str:
    """The Retry-After of a call the fake refused as rate limited."""
    with pytest.raises(SlackApiError) as raised:
        await call
    response = raised.value.response
    assert (response.status_code, response["error"]) == (429, "ratelimited")
    return str(response.headers["Retry-After"])


async def test_a_second_message_to_one_channel_within_a_second_is_refused(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient, seconds: Seconds
) -> None:
    await web_client.chat_postMessage(channel="C0CAMDEN", text="First")
    seconds.now += 0.4
    assert await refused(web_client.chat_postMessage(channel="C0CAMDEN", text="Too soon")) == "1"
    await web_client.chat_postMessage(channel="U0AMARA", text="Another channel is free")
    seconds.now += 0.6
    await web_client.chat_postMessage(channel="C0CAMDEN", text="A second later")
    assert [call.status for call in fake_slack.calls] == [200, 429, 200, 200]


async def test_a_user_id_and_its_dm_channel_share_one_limit(
    web_client: AsyncWebClient, seconds: Seconds
) -> None:
    await web_client.chat_postMessage(channel="U0AMARA", text="Hello")
    assert await refused(web_client.chat_postMessage(channel="DU0AMARA", text="Again")) == "1"


async def test_messages_past_the_workspace_limit_wait_for_the_minute_to_slide(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient, seconds: Seconds
) -> None:
    for channel in ("C0CAMDEN", "U0AMARA", "U0BEN"):
        await web_client.chat_postMessage(channel=channel, text="Week 1")
        seconds.now += 10
    fake_slack.add_channel("C0HACKNEY", "hackney-cohort")
    assert await refused(web_client.chat_postMessage(channel="C0HACKNEY", text="Fourth")) == "30"
    seconds.now += 29.5
    assert await refused(web_client.chat_postMessage(channel="C0HACKNEY", text="Fourth")) == "1"
    seconds.now += 0.5
    await web_client.chat_postMessage(channel="C0HACKNEY", text="Fourth")
    [refusal, *_] = [call for call in fake_slack.calls if call.status == 429]
    assert refusal.response == {"ok": False, "error": "ratelimited"}


async def test_conversations_open_is_limited_per_minute(
    web_client: AsyncWebClient, seconds: Seconds
) -> None:
    await web_client.conversations_open(users="U0AMARA")
    await web_client.conversations_open(users="U0BEN")
    assert await refused(web_client.conversations_open(users="U0AMARA")) == "60"
    seconds.now += 60
    assert (await web_client.conversations_open(users="U0AMARA"))["ok"]


async def test_each_tier_3_method_has_a_limit_of_its_own(
    web_client: AsyncWebClient, seconds: Seconds
) -> None:
    await web_client.conversations_open(users="U0AMARA")
    await web_client.conversations_open(users="U0BEN")
    await web_client.users_conversations(types="im")
    await web_client.users_conversations(types="im")
    assert await refused(web_client.users_conversations(types="im")) == "60"


async def test_history_is_limited_only_when_asked(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient, seconds: Seconds
) -> None:
    for _ in range(3):
        await web_client.conversations_history(channel="C0CAMDEN")
    fake_slack.rate_limits = RateLimits(tier_3_per_minute=2, tier_3=TIER_3_HISTORY, now=seconds)
    await web_client.conversations_history(channel="C0CAMDEN")
    await web_client.conversations_history(channel="C0CAMDEN")
    assert await refused(web_client.conversations_history(channel="C0CAMDEN")) == "60"


async def test_without_limits_nothing_is_refused(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    for _ in range(60):
        await web_client.chat_postMessage(channel="C0CAMDEN", text="Hello")
    assert all(call.ok for call in fake_slack.calls)
