"""conversations.members, thread posts, chat.update in threads and chat.getPermalink."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes import events
from tests.fakes.slack_api import FakeSlackAPI

BOT = "U0BOT00001"


async def test_members_come_a_page_at_a_time_with_slacks_cursors(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    fake_slack.add_channel("C0MODS", "moderators", ["U0AMARA", "U0BEN"])
    fake_slack.add_member("C0MODS", "U0CHRIS")
    fake_slack.add_member("C0MODS", "U0AMARA")  # joining twice changes nothing
    first = await web_client.conversations_members(channel="C0MODS", limit=2)
    assert first["members"] == [BOT, "U0AMARA"]
    cursor = first["response_metadata"]["next_cursor"]
    assert cursor
    second = await web_client.conversations_members(channel="C0MODS", limit=2, cursor=cursor)
    assert second["members"] == ["U0BEN", "U0CHRIS"]
    assert second["response_metadata"] == {"next_cursor": ""}
    everyone = await web_client.conversations_members(channel="C0MODS")
    assert everyone["members"] == [BOT, "U0AMARA", "U0BEN", "U0CHRIS"]
    assert everyone["response_metadata"]["next_cursor"] == ""


async def test_a_page_limit_in_the_workspace_makes_the_app_follow_cursors(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    fake_slack.add_channel("C0MODS", "moderators", ["U0AMARA", "U0BEN"])
    fake_slack.workspace.page_limit = 1
    seen: list[str] = []
    cursor = ""
    while True:
        page = await web_client.conversations_members(channel="C0MODS", limit=200, cursor=cursor)
        seen += page["members"]
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert seen == [BOT, "U0AMARA", "U0BEN"]
    assert len(fake_slack.calls_to("conversations.members")) == 3


async def test_members_of_a_dm_and_of_a_removed_member(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    dm = await web_client.conversations_members(channel="DU0AMARA")
    assert dm["members"] == ["U0AMARA", BOT]
    fake_slack.add_channel("C0MODS", "moderators", ["U0AMARA", "U0BEN"])
    fake_slack.workspace.remove_member("C0MODS", "U0AMARA")
    assert (await web_client.conversations_members(channel="C0MODS"))["members"] == [BOT, "U0BEN"]


async def test_members_of_unknown_channels_and_bad_arguments_are_slacks_errors(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    fake_slack.add_channel("C0SECRET", "secret", ["U0AMARA"], private=True)
    fake_slack.workspace.remove_member("C0SECRET", BOT)
    for channel in ("C0NOWHERE", "C0SECRET"):  # a private channel the bot is not in is hidden
        with pytest.raises(SlackApiError, match="channel_not_found"):
            await web_client.conversations_members(channel=channel)
    with pytest.raises(SlackApiError, match="invalid_cursor"):
        await web_client.conversations_members(channel="C0CAMDEN", cursor="bm90LWEtY3Vyc29y")
    with pytest.raises(SlackApiError, match="invalid_limit"):
        args = {"channel": "C0CAMDEN", "limit": "many"}
        await web_client.api_call("conversations.members", http_verb="GET", params=args)


async def test_a_group_dm_the_bot_opens_has_its_people_as_members(
    web_client: AsyncWebClient,
) -> None:
    group = (await web_client.conversations_open(users="U0AMARA,U0BEN"))["channel"]["id"]
    members = (await web_client.conversations_members(channel=group))["members"]
    assert sorted(members) == sorted([BOT, "U0AMARA", "U0BEN"])


async def test_a_thread_reply_keeps_its_thread_and_the_parent_counts_it(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    parent = await web_client.chat_postMessage(channel="C0CAMDEN", text="Question from Amara")
    reply = await web_client.chat_postMessage(
        channel="C0CAMDEN", text="Answer", thread_ts=parent["ts"]
    )
    assert reply["message"]["thread_ts"] == parent["ts"]
    assert reply["message"]["parent_user_id"] == BOT
    assert "subtype" not in reply["message"]
    kept = fake_slack.workspace.messages[("C0CAMDEN", reply["ts"])]
    assert kept["thread_ts"] == parent["ts"] and "reply_broadcast" not in kept
    root = fake_slack.workspace.messages[("C0CAMDEN", parent["ts"])]
    assert (root["reply_count"], root["latest_reply"], root["reply_users"]) == (
        1,
        reply["ts"],
        [BOT],
    )
    thread = fake_slack.workspace.thread("C0CAMDEN", parent["ts"])
    assert [m["text"] for m in thread] == ["Question from Amara", "Answer"]


async def test_a_broadcast_reply_is_kept_with_reply_broadcast_and_answered_as_slack_does(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    parent = await web_client.chat_postMessage(channel="C0CAMDEN", text="Question")
    reply = await web_client.chat_postMessage(
        channel="C0CAMDEN", text="For everyone", thread_ts=parent["ts"], reply_broadcast=True
    )
    assert reply["message"]["subtype"] == "thread_broadcast"
    assert "reply_broadcast" not in reply["message"]
    kept = fake_slack.workspace.messages[("C0CAMDEN", reply["ts"])]
    assert (kept["reply_broadcast"], kept["thread_ts"]) == (True, parent["ts"])
    quiet = await web_client.chat_postMessage(
        channel="C0CAMDEN", text="Just here", thread_ts=parent["ts"], reply_broadcast=False
    )
    assert fake_slack.workspace.messages[("C0CAMDEN", quiet["ts"])]["reply_broadcast"] is False
    assert "subtype" not in quiet["message"]


async def test_reply_broadcast_in_a_form_post_is_read_as_slack_reads_it(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    parent = await web_client.chat_postMessage(channel="C0CAMDEN", text="Question")
    form = {"channel": "C0CAMDEN", "text": "Hi", "thread_ts": parent["ts"]}
    headers = {"Authorization": "Bearer xoxb-test-token"}
    async with aiohttp.ClientSession() as session:
        url = fake_slack.url + "chat.postMessage"
        async with session.post(url, data={**form, "reply_broadcast": "true"}, headers=headers):
            pass
    posted = fake_slack.calls_to("chat.postMessage")[-1].response
    assert posted["message"]["subtype"] == "thread_broadcast"


async def test_chat_update_changes_a_thread_reply_in_place(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    parent = await web_client.chat_postMessage(channel="DU0AMARA", text="Your question")
    reply = await web_client.chat_postMessage(
        channel="U0AMARA", text="Answer: Monday", thread_ts=parent["ts"]
    )
    updated = await web_client.chat_update(
        channel="DU0AMARA", ts=reply["ts"], text="Answer (edited): Monday at 9"
    )
    assert updated["message"]["thread_ts"] == parent["ts"]
    kept = fake_slack.workspace.thread("DU0AMARA", parent["ts"])[1]
    assert (kept["ts"], kept["text"]) == (reply["ts"], "Answer (edited): Monday at 9")


async def test_the_bot_cannot_update_or_delete_a_persons_message(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    wrote = events.channel_message(fake_slack.workspace, "U0AMARA", "C0CAMDEN", "Hello")
    with pytest.raises(SlackApiError, match="cant_update_message"):
        await web_client.chat_update(channel="C0CAMDEN", ts=wrote["ts"], text="Changed")
    with pytest.raises(SlackApiError, match="cant_delete_message"):
        await web_client.chat_delete(channel="C0CAMDEN", ts=wrote["ts"])


async def test_a_permalink_points_at_the_message_and_names_a_replys_thread(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    parent = await web_client.chat_postMessage(channel="C0CAMDEN", text="Question")
    reply = events.channel_message(
        fake_slack.workspace, "U0BEN", "C0CAMDEN", "Answer", thread_ts=parent["ts"]
    )
    top = await web_client.chat_getPermalink(channel="C0CAMDEN", message_ts=parent["ts"])
    digits = parent["ts"].replace(".", "")
    base = "https://leadership-programme.slack.com/archives/C0CAMDEN"
    assert (top["channel"], top["permalink"]) == ("C0CAMDEN", f"{base}/p{digits}")
    inner = await web_client.chat_getPermalink(channel="C0CAMDEN", message_ts=reply["ts"])
    reply_digits = reply["ts"].replace(".", "")
    thread = f"?thread_ts={parent['ts']}&cid=C0CAMDEN"
    assert inner["permalink"] == f"{base}/p{reply_digits}{thread}"


async def test_a_permalink_to_nothing_is_slacks_error(web_client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError, match="message_not_found"):
        await web_client.chat_getPermalink(channel="C0CAMDEN", message_ts="1600000000.000100")
    with pytest.raises(SlackApiError, match="channel_not_found"):
        await web_client.chat_getPermalink(channel="C0NOWHERE", message_ts="1600000000.000100")
