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
        """Handle each person's message once, however often Slack retries the event: the
        service that acts records the event id with its effect."""
        event_id = body["event_id"]
        if event.get("subtype") == "message_changed":
            written = event.get("message") or {}
            if _from_person(written):
                await _edited(services, event["channel"], written, event_id)
            return
        if not _from_person(event):
            return
        thread = event.get("thread_ts")
        if thread and thread != event["ts"]:
            await _thread_reply(services, event, thread, event_id)
        elif event.get("channel_type") == "im":
            await _direct_message(services, event, event_id)


# What people write arrives with no subtype, or as one of these: a thread reply also sent
# to the channel, or a message with a file. Other subtypes are joins, topics and the like.
PEOPLES_SUBTYPES = frozenset({"thread_broadcast", "file_share"})
FILE_NOTE = "(A file was attached in Slack. Files are not passed on.)"


def _from_person(message: dict[str, Any]) -> bool:
    subtype = message.get("subtype")
    return (
        "bot_id" not in message
        and "user" in message
        and (subtype is None or subtype in PEOPLES_SUBTYPES)
    )


def _words(message: dict[str, Any]) -> str:
    """What the person wrote, as plain text, saying so when a file came with it."""
    text = plain_text(message.get("text", ""))
    if message.get("files"):
        text = f"{text}\n{FILE_NOTE}".strip()
    return text


async def _thread_reply(
    services: Services, event: dict[str, Any], thread: str, event_id: str
) -> None:
    channel, actor = event["channel"], Actor(PLATFORM, event["user"])
    relayed = await services.relay.relay(
        actor,
        message_ref(channel, thread),
        _words(event),
        message_ref(channel, event["ts"]),
        event_id,
    )
    if relayed is Relayed.NOT_A_QUESTION and event.get("channel_type") == "im":
        await services.conversation.unknown_thread(
            actor, event["user"], event["ts"], thread, event_id
        )


async def _direct_message(services: Services, event: dict[str, Any], event_id: str) -> None:
    actor = Actor(PLATFORM, event["user"])
    text = _words(event)
    if not await services.questions.draft(actor, text, event_id):
        await services.conversation.point_to_commands(actor, event["user"], event_id)


async def _edited(services: Services, channel: str, written: dict[str, Any], event_id: str) -> None:
    edited = (written.get("edited") or {}).get("ts") or written["ts"]
    await services.relay.edit(
        Actor(PLATFORM, written["user"]),
        message_ref(channel, written["ts"]),
        _words(written),
        edited,
        event_id,
    )
