"""Show a leader their progress when they open the app's Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.model import Actor
from bot.core.requests import OpenHome
from bot.core.usecases.registry import Registry
from handlers.slack.events.in_time import in_time
from handlers.slack.ids import PLATFORM
from handlers.slack.publish import home_publisher


def register(app: AsyncApp, registry: Registry) -> None:
    @app.event("app_home_opened")
    async def app_home_opened(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Publish the Home tab, once per event however often Slack retries it."""
        if event.get("tab") != "home":
            return
        actor = Actor(PLATFORM, event["user"])
        await in_time(
            registry.handle(OpenHome(actor, body["event_id"], home_publisher(client, actor)))
        )
