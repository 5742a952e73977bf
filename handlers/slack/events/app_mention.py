"""Answer an @mention of the bot in a channel."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.core.model import Actor
from bot.core.outgoing import Address
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM


def register(app: AsyncApp, services: Services) -> None:
    @app.event("app_mention")
    async def app_mention(body: dict[str, Any], event: dict[str, Any]) -> None:
        """Reply in the mention's thread with the commands to use."""
        actor = Actor(PLATFORM, event["user"])
        thread = event.get("thread_ts") or event["ts"]
        where = Address.channel(PLATFORM, event["channel"])
        await services.conversation.point_to_commands(actor, where, body["event_id"], thread)
