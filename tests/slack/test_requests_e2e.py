"""What Slack's transport demands: signatures, retries, events and health checks."""

from __future__ import annotations

import time
from pathlib import Path

import aiohttp
import yaml

from bot.app import web_app
from bot.bootstrap import Core
from bot.core.model import Actor
from bot.metrics import Metrics
from storage.engine import make_engine
from tests.fakes import events
from tests.fakes.loopback import LoopbackServer
from tests.slack.conftest import AMIRA, Harness, listeners_finished

MANIFEST = yaml.safe_load(Path("manifest.yml").read_text(encoding="utf-8"))


async def completions(h: Harness) -> str:
    return (await h.bot.core.services.progress.progress(Actor("slack", AMIRA))).text


async def test_unsigned_wrongly_signed_and_stale_requests_get_401_and_change_nothing(
    harness: Harness,
) -> None:
    h = harness
    before = await completions(h)
    six_minutes_ago = int(time.time()) - 6 * 60
    for client in (h.slack.unsigned(), h.slack.wrongly_signed(), h.slack.at(six_minutes_ago)):
        response = await client.slash_command("/checkin", "1-4", AMIRA)
        assert response.status == 401
    assert await completions(h) == before
    assert h.api.calls_to("response_url") == []


async def test_commands_are_acknowledged_well_within_three_seconds(harness: Harness) -> None:
    response = await harness.slack.slash_command("/checkin", "1", AMIRA)
    assert response.status == 200
    assert response.seconds < 3
    await harness.api.wait_for("response_url")


async def test_a_retried_home_opened_event_publishes_once(harness: Harness) -> None:
    h = harness
    event = {
        "type": "app_home_opened",
        "user": AMIRA,
        "channel": "D" + AMIRA,
        "tab": "home",
        "event_ts": "1700000000.000100",
    }
    first = await h.slack.event(event, event_id="Ev0HOME0001")
    retry = await h.slack.event(
        event, event_id="Ev0HOME0001", retry_num=1, retry_reason="http_timeout"
    )
    assert (first.status, retry.status) == (200, 200)
    await h.api.wait_for("views.publish")
    await h.slack.app_home_opened(AMIRA)  # a new opening is a new event
    published = await h.api.wait_for("views.publish", count=2)
    assert len(published) == 2


async def test_a_home_opened_event_whose_publishing_failed_is_published_on_slacks_retry(
    harness: Harness,
) -> None:
    h = harness
    h.api.fail_next(error="internal_error", method="views.publish")
    event = {"type": "app_home_opened", "user": AMIRA, "tab": "home", "event_ts": "1700.000200"}
    await h.slack.event(event, event_id="Ev0HOME0002")
    await h.api.wait_for("views.publish")
    await listeners_finished()
    await h.slack.event(event, event_id="Ev0HOME0002", retry_num=1, retry_reason="http_error")
    published = await h.api.wait_for("views.publish", count=2)
    assert [call.ok for call in published] == [False, True]


async def test_the_home_tab_lists_every_module_and_its_button_marks_it_done(
    harness: Harness,
) -> None:
    h = harness
    await h.slack.app_home_opened(AMIRA)
    [call] = await h.api.wait_for("views.publish")
    view = call.args["view"]
    assert view["type"] == "home"
    buttons = [b["accessory"] for b in view["blocks"] if "accessory" in b]
    assert len(buttons) == 32 and {b["text"]["text"] for b in buttons} == {"Mark done"}
    response = await h.slack.click(AMIRA, "module_done", "data-and-better-decisions")
    assert response.status == 200
    updated = (await h.api.wait_for("views.publish", count=2))[-1].args["view"]
    assert "1 of 32 modules done" in str(updated)
    assert "Undo" in str(updated)
    assert (await completions(h)).startswith("You have done 1 of 32 modules.")


async def test_a_direct_message_is_answered_once_even_when_slack_retries(harness: Harness) -> None:
    h = harness
    await h.api.wait_for("chat.postMessage", count=2)  # welcomes
    event = {
        "type": "message",
        "channel_type": "im",
        "user": AMIRA,
        "channel": "D" + AMIRA,
        "text": "hello",
        "ts": "1700000001.000100",
        "event_ts": "1700000001.000100",
    }
    await h.slack.event(event, event_id="Ev0DM000001")
    await h.slack.event(event, event_id="Ev0DM000001", retry_num=1, retry_reason="http_timeout")
    posts = await h.api.wait_for("chat.postMessage", count=3)
    assert posts[-1].response["channel"] == "D" + AMIRA
    assert posts[-1].args["text"] == "Shall I send this to the moderators as a question?"
    await h.bot.core.services.outbox.dispatch_due()
    assert len(h.api.calls_to("chat.postMessage")) == 3


async def test_a_mention_is_answered_in_its_thread(harness: Harness) -> None:
    h = harness
    h.api.add_channel("C0COHORT01", "cohort")
    await h.api.wait_for("chat.postMessage", count=2)
    await h.slack.mention(AMIRA, "C0COHORT01", "<@U0BOT00001> how do I record a module?")
    reply = (await h.api.wait_for("chat.postMessage", count=3))[-1]
    assert reply.args["channel"] == "C0COHORT01"
    assert reply.args["thread_ts"]


async def test_a_mention_by_a_bot_or_the_app_itself_is_not_answered(harness: Harness) -> None:
    h = harness
    h.api.add_channel("C0COHORT01", "cohort")
    await h.api.wait_for("chat.postMessage", count=2)
    me = h.api.workspace.identity
    by_bots = []
    for user, bot in ((me.bot_user_id, me.bot_id), ("U0OTHERBOT", "B0OTHERBOT")):
        event = events.app_mention(h.api.workspace, user, "C0COHORT01", "see <@U0BOT00001>")
        assert (await h.slack.event({**event, "bot_id": bot})).status == 200
        by_bots.append(event["ts"])
    asked = await h.slack.mention(AMIRA, "C0COHORT01", "<@U0BOT00001> help")
    await h.api.wait_until(
        lambda: any(c.args.get("thread_ts") == asked.ts for c in h.api.calls), "Amira's answer"
    )
    await listeners_finished()
    await h.bot.core.services.outbox.dispatch_due()
    threads = [c.args.get("thread_ts") for c in h.api.calls_to("chat.postMessage")]
    assert not set(by_bots) & set(threads)


async def test_health_is_200_with_the_database_and_503_without(harness: Harness) -> None:
    h = harness
    async with aiohttp.ClientSession() as session, LoopbackServer(h.bot.web) as up:
        async with session.get(f"{up.origin}/healthz") as response:
            assert response.status == 200
        broken = Core(
            make_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none"), h.bot.core.services
        )
        async with (
            LoopbackServer(web_app(broken, None, Metrics())) as down,
            session.get(f"{down.origin}/healthz") as response,
        ):
            assert response.status == 503
        await broken.engine.dispose()


async def test_every_event_and_command_in_the_manifest_has_a_listener(harness: Harness) -> None:
    """Bolt answers 404 to what nobody listens for, and Slack would then retry it."""
    h = harness
    manifest = MANIFEST
    samples = {
        "app_home_opened": {"type": "app_home_opened", "user": AMIRA, "tab": "home"},
        "app_mention": {
            "type": "app_mention",
            "user": AMIRA,
            "channel": "C0COHORT01",
            "text": "<@U0BOT00001> hi",
            "ts": "1700000002.000100",
        },
        "message.channels": {
            "type": "message",
            "channel_type": "channel",
            "user": AMIRA,
            "channel": "C0COHORT01",
            "text": "hi",
            "ts": "1700000003.000100",
        },
        "message.groups": {
            "type": "message",
            "channel_type": "group",
            "user": AMIRA,
            "channel": "G0MODERATE1",
            "text": "hi",
            "ts": "1700000005.000100",
            "thread_ts": "1700000001.000100",
        },
        "message.im": {
            "type": "message",
            "channel_type": "im",
            "user": AMIRA,
            "channel": "D" + AMIRA,
            "text": "hi",
            "ts": "1700000004.000100",
        },
        "message_metadata_posted": events.message_metadata_posted(
            h.api.workspace,
            "D" + AMIRA,
            "1700000006.000100",
            {"event_type": "facilitator_delivery", "event_payload": {"delivery": "welcome:0:0"}},
        ),
    }
    h.api.add_channel("C0COHORT01", "cohort")
    for name in manifest["settings"]["event_subscriptions"]["bot_events"]:
        assert (await h.slack.event(samples[name])).status == 200, name
    for command in manifest["features"]["slash_commands"]:
        assert (await h.slack.slash_command(command["command"], "help", AMIRA)).status == 200
    await h.api.wait_for("response_url", count=len(manifest["features"]["slash_commands"]))
