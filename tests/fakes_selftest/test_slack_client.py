"""The fake client signs like Slack and sends payloads a real Bolt app accepts and understands."""

from __future__ import annotations

import time
from typing import Any

from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.signing import SlackRequestSigner
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SlackClient
from tests.fakes_selftest.bolt_app import DONE

SLASH_COMMAND_FIELDS = {
    "token",
    "team_id",
    "team_domain",
    "channel_id",
    "channel_name",
    "user_id",
    "user_name",
    "command",
    "text",
    "api_app_id",
    "is_enterprise_install",
    "response_url",
    "trigger_id",
}


def test_the_signature_verifies_with_slack_sdks_verifier() -> None:
    body = "command=%2Ffacilitator&text=checkin+1-3"
    headers = SlackRequestSigner("secret").headers(body)
    assert SignatureVerifier("secret").is_valid_request(body, headers)
    assert not SignatureVerifier("another secret").is_valid_request(body, headers)


def test_a_six_minute_old_signature_no_longer_verifies() -> None:
    body = '{"type": "event_callback"}'
    headers = SlackRequestSigner("secret").headers(body, timestamp=int(time.time()) - 360)
    assert not SignatureVerifier("secret").is_valid_request(body, headers)


async def test_a_slash_command_reaches_the_app_and_its_reply_reaches_the_response_url(
    slack: SlackClient, fake_slack: FakeSlackAPI, seen: list[dict[str, Any]]
) -> None:
    answer = await slack.slash_command("/facilitator", "checkin 1-3", "U0AMARA")
    assert answer.status == 200 and answer.seconds < 3
    assert set(seen[0]) == SLASH_COMMAND_FIELDS
    assert (seen[0]["channel_id"], seen[0]["channel_name"]) == ("DU0AMARA", "directmessage")
    replies = await fake_slack.wait_for("response_url")
    assert replies[0].args["text"] == "Your week"
    assert answer.response_url and answer.response_url.endswith(replies[0].target)


async def test_unsigned_wrongly_signed_and_stale_requests_are_refused(
    slack: SlackClient, seen: list[dict[str, Any]]
) -> None:
    stale = slack.at(int(time.time()) - 360)
    for client in (slack.unsigned(), slack.wrongly_signed(), stale):
        assert (await client.slash_command("/facilitator", "", "U0AMARA")).status == 401
    assert seen == []


async def test_url_verification_gets_the_challenge_back(slack: SlackClient) -> None:
    answer = await slack.url_verification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
    assert answer.status == 200
    assert answer.json == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


async def test_an_event_arrives_in_its_envelope_and_a_retry_carries_slacks_headers(
    slack: SlackClient, fake_slack: FakeSlackAPI, seen: list[dict[str, Any]]
) -> None:
    await slack.app_home_opened("U0AMARA")
    await fake_slack.wait_for("views.publish")
    retried = await slack.event(
        seen[0]["event"], event_id=seen[0]["event_id"], retry_num=1, retry_reason="http_timeout"
    )
    assert retried.status == 200
    await fake_slack.wait_for("views.publish", count=2)
    assert seen[0]["type"] == "event_callback" and seen[0]["authorizations"][0]["is_bot"]
    assert (seen[0]["retry_num"], seen[1]["retry_num"]) == (None, ["1"])


async def test_a_click_in_the_home_tab_sends_the_button_the_bot_published(
    slack: SlackClient, fake_slack: FakeSlackAPI, seen: list[dict[str, Any]]
) -> None:
    await slack.app_home_opened("U0AMARA")
    await fake_slack.wait_for("views.publish")
    assert (await slack.click("U0AMARA", "done")).status == 200
    clicked = seen[-1]
    assert clicked["container"]["type"] == "view" and clicked["view"]["type"] == "home"
    assert clicked["actions"][0] | {"action_ts": "-"} == {
        "type": "button",
        "action_id": "done",
        "block_id": "week",
        "value": "week-1",
        "text": {"type": "plain_text", "text": "I've done week 1"},
        "action_ts": "-",
    }
    assert "response_url" not in clicked


async def test_a_click_in_a_message_carries_the_message_channel_and_response_url(
    slack: SlackClient, fake_slack: FakeSlackAPI, seen: list[dict[str, Any]]
) -> None:
    await slack.direct_message("U0AMARA", "hello")
    posted = (await fake_slack.wait_for("chat.postMessage"))[0].response
    await slack.click("U0AMARA", "done", message_ts=posted["ts"])
    clicked = seen[-1]
    assert clicked["container"]["message_ts"] == posted["ts"]
    assert clicked["channel"]["id"] == "DU0AMARA" and clicked["message"]["text"] == "Hi"
    assert clicked["response_url"].startswith(fake_slack.workspace.origin)


async def test_a_button_built_from_arguments_reaches_the_app(
    slack: SlackClient, seen: list[dict[str, Any]]
) -> None:
    await slack.block_action("U0AMARA", "done", "week-2")
    assert seen[-1]["actions"][0]["value"] == "week-2"
    assert seen[-1]["view"]["type"] == "home"


async def test_a_modal_the_bot_opened_can_be_filled_in_and_submitted(
    slack: SlackClient, fake_slack: FakeSlackAPI, seen: list[dict[str, Any]]
) -> None:
    await slack.block_action("U0AMARA", "check_in")
    await fake_slack.wait_for("views.open")
    answer = await slack.submit("U0AMARA", {"note": "Going well", "pace": "behind"})
    assert answer.status == 200
    state = seen[-1]["view"]["state"]["values"]
    assert state["how"]["note"] == {"type": "plain_text_input", "value": "Going well"}
    assert state["pace"]["pace"]["selected_option"]["value"] == "behind"
    assert seen[-1]["view"]["callback_id"] == "check_in"
    assert fake_slack.workspace.open_modal("U0AMARA") is None


async def test_a_modal_built_from_arguments_is_submitted_with_its_metadata(
    slack: SlackClient, seen: list[dict[str, Any]]
) -> None:
    values = {"how": {"note": {"type": "plain_text_input", "value": "Fine"}}}
    await slack.view_submission("U0AMARA", "check_in", values, private_metadata="cohort-7")
    assert seen[-1]["view"]["private_metadata"] == "cohort-7"
    assert seen[-1]["type"] == "view_submission"


async def test_a_mention_arrives_with_the_bot_mentioned(
    slack: SlackClient, seen: list[dict[str, Any]]
) -> None:
    await slack.mention("U0AMARA", "C0CAMDEN", "when is the next session?")
    assert seen[-1]["event"]["text"].startswith("<@U0BOT00001> ")


async def test_a_click_in_an_ephemeral_message_says_so_and_leaves_the_message_out(
    slack: SlackClient, fake_slack: FakeSlackAPI, seen: list[dict[str, Any]]
) -> None:
    client = AsyncWebClient(token="xoxb-test-token", base_url=fake_slack.url)
    shown = await client.chat_postEphemeral(
        channel="C0CAMDEN", user="U0AMARA", text="Your week", blocks=[DONE]
    )
    await slack.click("U0AMARA", "done", channel_id="C0CAMDEN", message_ts=shown["message_ts"])
    assert seen[-1]["container"]["is_ephemeral"] is True
    assert "message" not in seen[-1]
