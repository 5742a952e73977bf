"""Messages people write: to the bot directly, and in the threads of questions.

A direct message becomes a question after the writer confirms it; a reply in a
question's thread, on either side, is carried to the other side, and so is an edit
of it. Messages from bots, the app's own included, are never carried (no loops).
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.core.model import Actor
from bot.core.requests import DirectMessage, MessageEdited, ThreadReply
from bot.core.usecases.registry import Registry
from handlers.slack.events.in_time import in_time
from handlers.slack.ids import PLATFORM, message_ref
from handlers.slack.text import plain_text


def register(app: AsyncApp, registry: Registry) -> None:
    @app.event("message")
    async def message(body: dict[str, Any], event: dict[str, Any]) -> None:
        """Hand each person's message to the core, which handles each event once."""
        request = _request(event, body["event_id"])
        if request is not None:
            await in_time(registry.handle(request))


def _request(
    event: dict[str, Any], event_id: str
) -> MessageEdited | ThreadReply | DirectMessage | None:
    """What a person did: edited a message, replied in a thread or wrote to the bot."""
    if event.get("subtype") == "message_changed":
        written = event.get("message") or {}
        return _edited(event["channel"], written, event_id) if _from_person(written) else None
    if not _from_person(event):
        return None
    actor, channel = Actor(PLATFORM, event["user"]), event["channel"]
    thread = event.get("thread_ts")
    if thread and thread != event["ts"]:
        return ThreadReply(
            actor,
            message_ref(channel, thread),
            message_ref(channel, event["ts"]),
            _words(event),
            event_id,
            in_direct_messages=event.get("channel_type") == "im",
        )
    if event.get("channel_type") == "im":
        return DirectMessage(actor, _words(event), event_id)
    return None


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


def _edited(channel: str, written: dict[str, Any], event_id: str) -> MessageEdited:
    edited = (written.get("edited") or {}).get("ts") or written["ts"]
    return MessageEdited(
        Actor(PLATFORM, written["user"]),
        message_ref(channel, written["ts"]),
        _words(written),
        edited,
        event_id,
    )
