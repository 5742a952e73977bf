"""Slack's word that a message the bot posted arrived: the `message_metadata_posted` event.

Every message the bot posts carries its outbox delivery key in message metadata
(handlers/slack/history.py), and the app subscribes to that metadata (manifest.yml,
`metadata_subscriptions`). Slack then pushes an event for each message as it is posted,
so a post whose answer was lost is known to have arrived within a second or two,
without reading the conversation's history, which Slack limits to about 50 reads a
minute. The subscription names any app ("*"), so only the bot's own messages count.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.core.requests import MessageArrived
from bot.core.usecases.registry import Registry
from handlers.slack.events.in_time import in_time
from handlers.slack.history import EVENT_TYPE
from handlers.slack.ids import PLATFORM, message_ref


def register(app: AsyncApp, registry: Registry) -> None:
    @app.event("message_metadata_posted")
    async def arrived(body: dict[str, Any], event: dict[str, Any]) -> None:
        request = _arrival(body, event)
        if request is not None:
            await in_time(registry.handle(request))


def _arrival(body: dict[str, Any], event: dict[str, Any]) -> MessageArrived | None:
    """The delivery the event names, if the message is the bot's own."""
    metadata = event.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    key, channel, ts = payload.get("delivery"), event.get("channel_id"), event.get("message_ts")
    own_app = body.get("api_app_id")
    if (
        not own_app
        or event.get("app_id") != own_app
        or metadata.get("event_type") != EVENT_TYPE
        or not isinstance(key, str)
        or not isinstance(channel, str)
        or not isinstance(ts, str)
    ):
        return None
    return MessageArrived(PLATFORM, key, message_ref(channel, ts))
