"""Publishing a user's App Home tab."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Message
from bot.core.model import Actor
from handlers.slack.render import home_view


async def publish_home(client: AsyncWebClient, actor: Actor, home: Message) -> None:
    """Show the user their current progress on the Home tab."""
    await client.views_publish(user_id=actor.user_id, view=home_view(home))
