"""Messages people write: to the bot directly, and in the threads of questions.

A direct message becomes a question after the writer confirms it; a reply in a
question's thread, on either side, is carried to the other side, and so is an edit
of it. Messages from bots, the app's own included, are never carried (no loops).
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.core.model import Actor
from bot.core.services.bundle import Services
from bot.core.services.relay import Relayed
from handlers.slack.ids import PLATFORM, message_ref
from handlers.slack.text import plain_text


def register(app: AsyncApp, services: Services) -> None:
    @app.event("message")
    async def message(body: dict[str, Any], event: dict[str, Any]) -> None:
        """Handle each person's message once, however often Slack retries the event."""
        if event.get("subtype") == "message_changed":
            written = event.get("message") or {}
            if _from_person(written) and await services.events.first_time(body["event_id"]):
                await _edited(services, event["channel"], written)
            return
        if "subtype" in event or not _from_person(event):
            return
        if not await services.events.first_time(body["event_id"]):
            return
        thread = event.get("thread_ts")
        if thread and thread != event["ts"]:
            await _thread_reply(services, event, thread)
        elif event.get("channel_type") == "im":
            await _direct_message(services, event, body["event_id"])


def _from_person(message: dict[str, Any]) -> bool:
    return "bot_id" not in message and "user" in message and "subtype" not in message


async def _thread_reply(services: Services, event: dict[str, Any], thread: str) -> None:
    channel, actor = event["channel"], Actor(PLATFORM, event["user"])
    relayed = await services.relay.relay(
        actor,
        message_ref(channel, thread),
        plain_text(event.get("text", "")),
        message_ref(channel, event["ts"]),
    )
    if relayed is Relayed.NOT_A_QUESTION and event.get("channel_type") == "im":
        await services.conversation.unknown_thread(actor, event["user"], event["ts"], thread)


async def _direct_message(services: Services, event: dict[str, Any], event_id: str) -> None:
    actor = Actor(PLATFORM, event["user"])
    text = plain_text(event.get("text", ""))
    if not await services.questions.draft(actor, text, event_id):
        await services.conversation.point_to_commands(actor, event["user"], event_id)


async def _edited(services: Services, channel: str, written: dict[str, Any]) -> None:
    edited = (written.get("edited") or {}).get("ts") or written["ts"]
    await services.relay.edit(
        Actor(PLATFORM, written["user"]),
        message_ref(channel, written["ts"]),
        plain_text(written.get("text", "")),
        edited,
    )
