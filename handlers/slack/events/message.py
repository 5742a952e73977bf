"""Messages: a direct message to the bot gets an answer; channel chatter is not ours."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.core.model import Actor
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM


def register(app: AsyncApp, services: Services) -> None:
    @app.event("message")
    async def message(body: dict[str, Any], event: dict[str, Any]) -> None:
        """Answer a person's direct message once; ignore edits, bots and channels."""
        from_person = "subtype" not in event and "bot_id" not in event and "user" in event
        if event.get("channel_type") != "im" or not from_person:
            return
        actor = Actor(PLATFORM, event["user"])
        await services.conversation.point_to_commands(actor, event["user"], body["event_id"])
