"""People's messages, thread replies, edits and the bot's own echo, shaped as Slack sends them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes import events
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SlackClient
from tests.fakes.workspace import FakeWorkspace

AMARA, BEN, BOT = "U0AMARA", "U0BEN", "U0BOT00001"
MODERATORS = "C0MODS"
TS = re.compile(r"\d{10}\.\d{6}")
MESSAGE_FIELDS = {
    "type",
    "user",
    "text",
    "ts",
    "team",
    "client_msg_id",
    "blocks",
    "channel",
    "event_ts",
    "channel_type",
}


@pytest.fixture
def ws() -> FakeWorkspace:
    ws = FakeWorkspace()
    ws.add_user(AMARA, "Amara Okafor")
    ws.add_user(BEN, "Ben Hughes")
    ws.add_channel(MODERATORS, "moderators", [BEN], private=True)
    ws.add_channel("C0CAMDEN", "camden-cohort", [AMARA, BEN])
    return ws


def bot_post(ws: FakeWorkspace, channel: str, text: str) -> str:
    """Keep a message as chat.postMessage would; its ts."""
    ts = ws.next_ts()
    ws.record_message(channel, {"type": "message", "user": BOT, "text": text, "ts": ts})
    return ts


def test_a_channel_message_has_slacks_fields_and_is_kept(ws: FakeWorkspace) -> None:
    event = events.channel_message(ws, AMARA, "C0CAMDEN", "When is week 2?")
    assert set(event) == MESSAGE_FIELDS
    assert (event["type"], event["channel_type"], event["user"]) == ("message", "channel", AMARA)
    assert TS.fullmatch(event["ts"]) and event["event_ts"] == event["ts"]
    assert "subtype" not in event and "thread_ts" not in event
    assert event["blocks"][0]["elements"][0]["elements"][0]["text"] == "When is week 2?"
    kept = ws.messages[("C0CAMDEN", event["ts"])]
    assert kept["text"] == "When is week 2?" and kept["user"] == AMARA
    assert ws.messages_in("C0CAMDEN") == []  # only the bot's, as before
    assert ws.messages_in("C0CAMDEN", everyone=True) == [kept]


def test_channel_type_follows_the_kind_of_conversation(ws: FakeWorkspace) -> None:
    ws.add_channel("G0OLDPRIVATE", "old-private")
    ws.add_channel("G0MPDM", "mpdm-amara.okafor--ben.hughes-1", [AMARA, BEN])
    kinds = {
        channel: events.channel_message(ws, BEN, channel, "hi")["channel_type"]
        for channel in ("C0CAMDEN", MODERATORS, "G0OLDPRIVATE", "G0MPDM")
    }
    assert kinds == {
        "C0CAMDEN": "channel",
        MODERATORS: "group",
        "G0OLDPRIVATE": "group",
        "G0MPDM": "mpim",
    }
    assert events.message_im(ws, AMARA, "hi")["channel_type"] == "im"


def test_a_thread_reply_names_its_thread_and_the_parents_author(ws: FakeWorkspace) -> None:
    parent = bot_post(ws, MODERATORS, "Question from Amara: when is week 2?")
    first = events.channel_message(ws, BEN, MODERATORS, "Monday", thread_ts=parent)
    second = events.channel_message(ws, BEN, MODERATORS, "9am", thread_ts=parent)
    assert set(first) == MESSAGE_FIELDS | {"thread_ts", "parent_user_id"}
    assert (first["thread_ts"], first["parent_user_id"]) == (parent, BOT)
    kept = ws.messages[(MODERATORS, parent)]
    assert kept["thread_ts"] == parent and kept["reply_count"] == 2
    assert (kept["reply_users"], kept["reply_users_count"]) == ([BEN], 1)
    assert kept["latest_reply"] == second["ts"]
    thread = ws.thread(MODERATORS, parent)
    assert [m["ts"] for m in thread] == [parent, first["ts"], second["ts"]]


def test_a_reply_to_a_message_the_fake_never_saw_has_no_parent_user_id(ws: FakeWorkspace) -> None:
    event = events.channel_message(ws, BEN, "C0CAMDEN", "+1", thread_ts="1600000000.000100")
    assert event["thread_ts"] == "1600000000.000100" and "parent_user_id" not in event


def test_a_reply_in_a_dm_thread_is_a_message_im_with_the_thread(ws: FakeWorkspace) -> None:
    asked = bot_post(ws, "D" + AMARA, "Ben answered: Monday. Reply here to follow up.")
    event = events.message_im(ws, AMARA, "Thanks!", thread_ts=asked)
    assert set(event) == MESSAGE_FIELDS | {"thread_ts", "parent_user_id"}
    assert (event["channel"], event["channel_type"]) == ("D" + AMARA, "im")
    assert (event["thread_ts"], event["parent_user_id"]) == (asked, BOT)


def test_an_edit_is_the_message_changed_subtype_with_both_versions(ws: FakeWorkspace) -> None:
    wrote = events.channel_message(ws, AMARA, "C0CAMDEN", "When is wek 2?")
    event = events.message_changed(ws, "C0CAMDEN", wrote["ts"], "When is week 2?", AMARA)
    assert set(event) == {
        "type",
        "subtype",
        "message",
        "previous_message",
        "channel",
        "hidden",
        "ts",
        "event_ts",
        "channel_type",
    }
    assert (event["type"], event["subtype"], event["hidden"]) == (
        "message",
        "message_changed",
        True,
    )
    assert (event["channel"], event["channel_type"]) == ("C0CAMDEN", "channel")
    message, previous = event["message"], event["previous_message"]
    assert message["ts"] == previous["ts"] == wrote["ts"]
    assert float(event["ts"]) > float(wrote["ts"]) and event["event_ts"] == event["ts"]
    assert message["edited"] == {"user": AMARA, "ts": event["ts"]}
    assert (message["text"], previous["text"]) == ("When is week 2?", "When is wek 2?")
    assert message["user"] == AMARA and message["client_msg_id"] == wrote["client_msg_id"]
    assert "edited" not in previous and "channel" not in message
    assert ws.messages[("C0CAMDEN", wrote["ts"])]["text"] == "When is week 2?"


def test_an_edit_in_a_thread_carries_the_thread_inside_the_message_only(
    ws: FakeWorkspace,
) -> None:
    parent = bot_post(ws, MODERATORS, "Question from Amara")
    reply = events.channel_message(ws, BEN, MODERATORS, "Mondya", thread_ts=parent)
    first = events.message_changed(ws, MODERATORS, reply["ts"], "Monday", BEN, thread_ts=parent)
    second = events.message_changed(ws, MODERATORS, reply["ts"], "Monday 9am", BEN)
    assert "thread_ts" not in first and first["channel_type"] == "group"
    for version in (first["message"], first["previous_message"]):
        assert (version["thread_ts"], version["parent_user_id"]) == (parent, BOT)
    assert second["previous_message"]["text"] == "Monday"
    assert second["previous_message"]["edited"] == first["message"]["edited"]


def test_only_the_author_can_edit_and_only_a_message_that_was_written(
    ws: FakeWorkspace,
) -> None:
    wrote = events.channel_message(ws, AMARA, "C0CAMDEN", "Hello")
    with pytest.raises(AssertionError, match="only U0AMARA can edit"):
        events.message_changed(ws, "C0CAMDEN", wrote["ts"], "Changed", BEN)
    with pytest.raises(AssertionError, match="no message"):
        events.message_changed(ws, "C0CAMDEN", "1600000000.000100", "Changed", AMARA)
    with pytest.raises(AssertionError, match="not in"):
        events.message_changed(ws, "C0CAMDEN", wrote["ts"], "Changed", AMARA, thread_ts="1.2")


async def test_the_bots_echo_has_bot_id_and_profile_and_no_subtype(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    ws = fake_slack.workspace
    parent = await web_client.chat_postMessage(channel="C0CAMDEN", text="Question from Amara")
    reply = await web_client.chat_postMessage(
        channel="C0CAMDEN", text="Answer", thread_ts=parent["ts"]
    )
    echo = events.bot_message_echo(ws, "C0CAMDEN", reply["ts"])
    assert "subtype" not in echo
    assert (echo["user"], echo["bot_id"], echo["app_id"]) == (BOT, "B0BOT00001", "A0APP00001")
    assert echo["bot_profile"]["id"] == "B0BOT00001"
    assert echo["bot_profile"]["user_id"] == BOT
    assert (echo["thread_ts"], echo["parent_user_id"]) == (parent["ts"], BOT)
    assert (echo["channel"], echo["channel_type"], echo["event_ts"]) == (
        "C0CAMDEN",
        "channel",
        reply["ts"],
    )
    assert echo["text"] == "Answer" and "reply_broadcast" not in echo
    top = events.bot_message_echo(ws, "C0CAMDEN", parent["ts"])
    assert "thread_ts" not in top and "reply_count" not in top  # as when it was posted
    with pytest.raises(AssertionError, match="the bot posted no"):
        events.bot_message_echo(ws, "C0CAMDEN", "1600000000.000100")


async def test_the_echo_of_a_broadcast_reply_is_a_thread_broadcast_with_its_root(
    fake_slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    parent = await web_client.chat_postMessage(channel="C0CAMDEN", text="Question")
    reply = await web_client.chat_postMessage(
        channel="C0CAMDEN", text="Answer for all", thread_ts=parent["ts"], reply_broadcast=True
    )
    echo = events.bot_message_echo(fake_slack.workspace, "C0CAMDEN", reply["ts"])
    assert echo["subtype"] == "thread_broadcast"
    assert echo["root"]["ts"] == parent["ts"] and echo["root"]["reply_count"] == 1


async def test_a_thread_reply_and_its_edit_reach_a_bolt_listener(
    slack: SlackClient, fake_slack: FakeSlackAPI, seen: list[dict[str, Any]]
) -> None:
    slack.ws.add_user(BEN, "Ben Hughes")
    asked = await slack.channel_message(AMARA, "C0CAMDEN", "When is week 2?")
    assert asked.status == 200 and asked.ts == asked.event["ts"]
    replied = await slack.channel_message(BEN, "C0CAMDEN", "Monday", thread_ts=asked.ts)
    edited = await slack.edit_message(BEN, "C0CAMDEN", replied.ts, "Monday at 9")
    assert edited.status == 200 and edited.ts == replied.ts != edited.event["ts"]
    await fake_slack.wait_for("chat.postMessage", count=3)
    received = [body["event"] for body in seen]
    assert [e.get("thread_ts") for e in received] == [None, asked.ts, None]
    assert (received[1]["parent_user_id"], received[1]["channel_type"]) == (AMARA, "channel")
    assert received[2]["subtype"] == "message_changed"
    assert received[2]["message"]["text"] == "Monday at 9"
    assert received[2]["message"]["thread_ts"] == asked.ts


async def test_a_dm_thread_reply_reaches_a_bolt_listener(
    slack: SlackClient, fake_slack: FakeSlackAPI, seen: list[dict[str, Any]]
) -> None:
    await slack.direct_message(AMARA, "hello")
    [posted] = await fake_slack.wait_for("chat.postMessage")
    answer = await slack.direct_message(AMARA, "thanks", thread_ts=posted.response["ts"])
    assert answer.ts == answer.event["ts"]
    await fake_slack.wait_for("chat.postMessage", count=2)
    assert seen[-1]["event"]["thread_ts"] == posted.response["ts"]
    assert seen[-1]["event"]["parent_user_id"] == BOT


async def test_bolt_takes_the_bots_echo_for_its_own_message_and_ignores_it(
    slack: SlackClient, fake_slack: FakeSlackAPI, seen: list[dict[str, Any]]
) -> None:
    await slack.channel_message(AMARA, "C0CAMDEN", "hello")
    [posted] = await fake_slack.wait_for("chat.postMessage")
    echoed = await slack.bot_message_echo("C0CAMDEN", posted.response["ts"])
    assert echoed.status == 200 and echoed.event["bot_id"] == "B0BOT00001"
    await slack.channel_message(AMARA, "C0CAMDEN", "again")  # the listener hears people still
    await fake_slack.wait_for("chat.postMessage", count=2)
    assert [body["event"].get("bot_id") for body in seen] == [None, None]
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
