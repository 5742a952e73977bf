"""Publishing a user's App Home tab."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.model import Actor
from bot.core.services.bundle import Services
from handlers.slack.render import home_view


async def publish_home(client: AsyncWebClient, services: Services, actor: Actor) -> None:
    """Show the user their current progress on the Home tab."""
    await client.views_publish(
        user_id=actor.user_id, view=home_view(await services.progress.home(actor))
    )
