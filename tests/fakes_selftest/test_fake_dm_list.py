"""users.conversations with types=im: the bot's DMs, which Slack makes with its first post."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import FakeSlackAPI


async def test_a_dm_is_listed_once_the_bot_posts_to_the_person_or_opens_it(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    assert (await web_client.users_conversations(types="im"))["channels"] == []
    await web_client.chat_postMessage(channel="U0AMARA", text="Welcome")
    await web_client.conversations_open(users="U0BEN")
    await web_client.chat_postMessage(channel="C0CAMDEN", text="A channel is not a DM")

    listed = (await web_client.users_conversations(types="im"))["channels"]

    assert listed == [
        {"id": "DU0AMARA", "is_im": True, "user": "U0AMARA"},
        {"id": "DU0BEN", "is_im": True, "user": "U0BEN"},
    ]


async def test_dms_come_a_page_at_a_time_with_cursors(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    for user in ("U0AMARA", "U0BEN"):
        await web_client.chat_postMessage(channel=user, text="Welcome")

    first = await web_client.users_conversations(types="im", limit=1)
    second = await web_client.users_conversations(
        types="im", limit=1, cursor=first["response_metadata"]["next_cursor"]
    )

    assert [dm["user"] for dm in first["channels"] + second["channels"]] == ["U0AMARA", "U0BEN"]
    assert second["response_metadata"]["next_cursor"] == ""


async def test_only_dms_are_listed(web_client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        await web_client.users_conversations(types="public_channel")
    assert raised.value.response["error"] == "invalid_types"
