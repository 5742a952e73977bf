"""Answer an @mention of the bot in a channel."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.core.model import Actor
from bot.core.requests import Mentioned
from bot.core.usecases.registry import Registry
from handlers.slack.events.in_time import in_time
from handlers.slack.ids import PLATFORM, message_ref


def register(app: AsyncApp, registry: Registry) -> None:
    @app.event("app_mention")
    async def app_mention(body: dict[str, Any], event: dict[str, Any]) -> None:
        """Reply in the mention's thread with the commands to use; never to a bot, the
        app's own posts included, which could answer back without end."""
        if "bot_id" in event or "user" not in event:
            return
        channel = event["channel"]
        thread = message_ref(channel, event.get("thread_ts") or event["ts"])
        actor = Actor(PLATFORM, event["user"])
        await in_time(registry.handle(Mentioned(actor, channel, thread, body["event_id"])))
