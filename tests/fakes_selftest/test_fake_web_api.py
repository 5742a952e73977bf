"""The fake Web API answers slack_sdk's real client like Slack does, and records every call."""

from __future__ import annotations

import re

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import FakeSlackAPI

BUTTON = {"type": "button", "action_id": "done", "text": {"type": "plain_text", "text": "Done"}}
SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "Week 1: *Leading change*"}}


async def test_auth_test_answers_with_the_bot_identity(web_client: AsyncWebClient) -> None:
    answer = await web_client.auth_test()
    assert answer["ok"] is True
    assert {"user_id", "bot_id", "team_id", "team", "url"} <= set(answer.data)
    assert answer["user_id"] == "U0BOT00001"


async def test_every_call_is_recorded_in_order_with_arguments_and_headers(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    await web_client.conversations_open(users="U0AMARA")
    await web_client.chat_postMessage(channel="D" + "U0AMARA", text="Welcome, Amara")
    assert [call.method for call in fake_slack.calls] == ["conversations.open", "chat.postMessage"]
    posted = fake_slack.calls_to("chat.postMessage")[0]
    assert posted.args == {"channel": "DU0AMARA", "text": "Welcome, Amara"}
    assert posted.headers["Authorization"] == "Bearer xoxb-test-token"
    assert posted.ok


async def test_a_call_without_a_token_is_refused_as_not_authed(fake_slack: FakeSlackAPI) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(fake_slack.url + "auth.test") as response,
    ):
        assert response.status == 200
        assert await response.json() == {"ok": False, "error": "not_authed"}


async def test_form_encoded_calls_are_read_like_json_ones(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    form = {"channel": "U0AMARA", "text": "Hi", "blocks": '[{"type": "divider"}]'}
    async with aiohttp.ClientSession() as session:
        headers = {"Authorization": "Bearer xoxb-test-token"}
        async with session.post(fake_slack.url + "chat.postMessage", data=form, headers=headers):
            pass
    assert fake_slack.calls[0].args["blocks"] == [{"type": "divider"}]


async def test_posting_to_a_person_lands_in_their_dm_with_increasing_timestamps(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    opened = await web_client.conversations_open(users="U0AMARA")
    first = await web_client.chat_postMessage(channel=opened["channel"]["id"], text="One")
    second = await web_client.chat_postMessage(channel="U0AMARA", text="Two")
    assert first["channel"] == second["channel"] == "DU0AMARA"
    assert float(first["ts"]) < float(second["ts"])
    assert re.fullmatch(r"\d{10}\.\d{6}", first["ts"])
    assert [m["text"] for m in fake_slack.workspace.messages_in("DU0AMARA")] == ["One", "Two"]


async def test_posting_to_an_unknown_channel_fails_with_slacks_error(
    web_client: AsyncWebClient,
) -> None:
    with pytest.raises(SlackApiError) as raised:
        await web_client.chat_postMessage(channel="C0NOWHERE", text="Hello?")
    assert raised.value.response.status_code == 200
    assert raised.value.response["error"] == "channel_not_found"


async def test_chat_update_and_delete_change_the_stored_message(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    posted = await web_client.chat_postMessage(channel="C0CAMDEN", text="Poll: open")
    updated = await web_client.chat_update(channel="C0CAMDEN", ts=posted["ts"], text="Poll: closed")
    assert (updated["channel"], updated["ts"]) == ("C0CAMDEN", posted["ts"])
    assert fake_slack.workspace.messages_in("C0CAMDEN")[0]["text"] == "Poll: closed"
    await web_client.chat_delete(channel="C0CAMDEN", ts=posted["ts"])
    with pytest.raises(SlackApiError, match="message_not_found"):
        await web_client.chat_update(channel="C0CAMDEN", ts=posted["ts"], text="again")


async def test_an_ephemeral_message_answers_with_its_message_ts(web_client: AsyncWebClient) -> None:
    answer = await web_client.chat_postEphemeral(
        channel="C0CAMDEN", user="U0AMARA", text="Only you"
    )
    assert answer["message_ts"]


async def test_users_info_describes_people_and_unknown_ones_are_not_found(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    fake_slack.add_user("U0GONE", "Chris Lee", deleted=True)
    ben = (await web_client.users_info(user="U0BEN"))["user"]
    assert (ben["real_name"], ben["profile"]["display_name"]) == ("Ben Hughes", "Ben Hughes")
    assert ben["tz"] == "America/New_York" and ben["deleted"] is False
    assert (await web_client.users_info(user="U0GONE"))["user"]["deleted"] is True
    with pytest.raises(SlackApiError, match="user_not_found"):
        await web_client.users_info(user="U0NOBODY")


async def test_users_can_be_looked_up_by_email(web_client: AsyncWebClient) -> None:
    found = await web_client.users_lookupByEmail(email="amara.okafor@example.org")
    assert found["user"]["id"] == "U0AMARA"
    with pytest.raises(SlackApiError, match="users_not_found"):
        await web_client.users_lookupByEmail(email="nobody@example.org")


async def test_a_person_has_one_home_view_that_each_publish_replaces(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    home = {"type": "home", "blocks": [SECTION]}
    first = await web_client.views_publish(user_id="U0AMARA", view=home)
    divider = {**home, "blocks": [{"type": "divider"}]}
    second = await web_client.views_publish(user_id="U0AMARA", view=divider)
    assert first["view"]["id"] == second["view"]["id"]
    assert first["view"]["hash"] != second["view"]["hash"]
    published = fake_slack.workspace.home_view("U0AMARA")
    assert published is not None and published["blocks"][0]["type"] == "divider"


async def test_a_modal_opens_once_per_trigger_and_can_be_updated(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    trigger = fake_slack.workspace.issue_trigger("U0AMARA")
    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Check in"},
        "blocks": [SECTION],
    }
    opened = await web_client.views_open(trigger_id=trigger, view=modal)
    with pytest.raises(SlackApiError, match="invalid_trigger_id"):
        await web_client.views_open(trigger_id=trigger, view=modal)
    updated = await web_client.views_update(view_id=opened["view"]["id"], view=modal)
    assert updated["view"]["id"] == opened["view"]["id"]


async def test_files_upload_v2_goes_through_all_three_steps(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    answer = await web_client.files_upload_v2(
        channel="C0CAMDEN",
        content="name,modules\nAmara,3\n",
        filename="progress.csv",
        title="Progress",
        initial_comment="This week's progress",
    )
    steps = [call.method for call in fake_slack.calls]
    assert steps == ["files.getUploadURLExternal", "file_upload", "files.completeUploadExternal"]
    file_id = answer["file"]["id"]
    assert fake_slack.workspace.uploads[file_id]["content"] == b"name,modules\nAmara,3\n"
    assert fake_slack.workspace.shared_files[0]["channel"] == "C0CAMDEN"


async def test_a_dm_cannot_be_opened_with_someone_deactivated_or_unknown(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    fake_slack.add_user("U0GONE", "Chris Lee", deleted=True)
    with pytest.raises(SlackApiError, match="user_disabled"):
        await web_client.conversations_open(users="U0GONE")
    with pytest.raises(SlackApiError, match="user_not_found"):
        await web_client.conversations_open(users="U0NOBODY")


async def test_a_group_dm_can_be_opened_and_posted_to(web_client: AsyncWebClient) -> None:
    group = (await web_client.conversations_open(users="U0AMARA,U0BEN"))["channel"]["id"]
    assert (await web_client.chat_postMessage(channel=group, text="Pair up"))["channel"] == group
