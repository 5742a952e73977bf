"""Programmed failures, waiting for calls, response_url posts and Block Kit problems."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import FakeSlackAPI


async def test_a_rate_limit_is_a_429_with_retry_after_and_the_sdk_sees_the_header(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    fake_slack.fail_next(1, status=429, retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        await web_client.chat_postMessage(channel="C0CAMDEN", text="Reminder")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert raised.value.response["error"] == "ratelimited"
    assert (await web_client.chat_postMessage(channel="C0CAMDEN", text="Reminder"))["ok"]
    assert [call.ok for call in fake_slack.calls] == [False, True]


async def test_a_server_error_fails_only_the_next_calls(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    fake_slack.fail_next(2, status=500)
    for _ in range(2):
        with pytest.raises(SlackApiError):
            await web_client.auth_test()
    assert (await web_client.auth_test())["ok"]
    assert [call.status for call in fake_slack.calls] == [500, 500, 200]


async def test_a_programmed_error_applies_only_to_its_method(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    fake_slack.fail_next(1, error="account_inactive", method="chat.postMessage")
    assert (await web_client.auth_test())["ok"]
    with pytest.raises(SlackApiError, match="account_inactive"):
        await web_client.chat_postMessage(channel="C0CAMDEN", text="Hello")


async def test_an_unknown_method_is_answered_as_slack_does(web_client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError, match="unknown_method"):
        await web_client.api_call("chat.fly")


async def test_wait_for_returns_as_soon_as_the_call_arrives(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    later = asyncio.create_task(web_client.chat_postMessage(channel="C0CAMDEN", text="Later"))
    calls = await fake_slack.wait_for("chat.postMessage", timeout=5)
    assert calls[0].args["text"] == "Later"
    await later


async def test_wait_for_names_the_calls_it_saw_when_it_times_out(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    await web_client.auth_test()
    with pytest.raises(AssertionError, match=r"auth\.test"):
        await fake_slack.wait_for("chat.postMessage", timeout=0.05)


async def test_block_kit_over_a_limit_is_recorded_as_a_problem_naming_the_method(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    await web_client.chat_postMessage(
        channel="C0CAMDEN", text="Lots", blocks=[{"type": "divider"}] * 51
    )
    assert fake_slack.problems == ["chat.postMessage: blocks: 51 blocks in a message, more than 50"]
    with pytest.raises(AssertionError, match="51 blocks"):
        fake_slack.assert_no_problems()
    fake_slack.problems.clear()


async def test_response_url_posts_are_recorded_and_their_blocks_checked(
    fake_slack: FakeSlackAPI,
) -> None:
    url = fake_slack.response_url("command-1")
    body = {"blocks": [{"type": "divider"}], "response_type": "ephemeral"}
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as response:
        assert response.status == 200
    [call] = fake_slack.calls_to("response_url")
    assert (call.target, call.args["response_type"]) == ("command-1", "ephemeral")
    assert fake_slack.problems == [
        "response_url: text: missing; blocks need a plain-text fallback for notifications"
    ]
    fake_slack.problems.clear()


async def test_a_response_url_slack_never_issued_is_not_found(fake_slack: FakeSlackAPI) -> None:
    url = fake_slack.workspace.origin + "/response/made-up"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json={"text": "Hi"}) as response,
    ):
        assert response.status == 404
