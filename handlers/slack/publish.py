"""Publishing a user's App Home tab."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Message
from bot.core.model import Actor
from handlers.slack.render import home_view


def home_publisher(client: AsyncWebClient, actor: Actor) -> Callable[[Message], Awaitable[None]]:
    """How the core shows this user their home page: on the app's Home tab."""

    async def publish(home: Message) -> None:
        await client.views_publish(user_id=actor.user_id, view=home_view(home))

    return publish
