"""Show a leader their progress when they open the app's Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Message
from bot.core.model import Actor
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM
from handlers.slack.render import home_view


def register(app: AsyncApp, services: Services) -> None:
    @app.event("app_home_opened")
    async def app_home_opened(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Publish the Home tab, once per event however often Slack retries it."""
        if event.get("tab") != "home":
            return
        actor = Actor(PLATFORM, event["user"])

        async def publish(home: Message) -> None:
            await client.views_publish(user_id=actor.user_id, view=home_view(home))

        await services.progress.show_home(actor, body["event_id"], publish)
