"""Wire every Slack listener to the services."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncRespond

from bot.core.platforms import CommandNames
from bot.core.usecases.registry import Registry
from handlers.slack import actions, commands, events, shortcuts, views

logger = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on our side. Please try again in a minute."


def register_listeners(app: AsyncApp, registry: Registry, names: CommandNames) -> None:
    commands.register(app, registry, names)
    actions.register(app, registry)
    events.register(app, registry)
    views.register(app, registry)
    shortcuts.register(app, registry)

    @app.error
    async def on_error(
        error: Exception, body: dict[str, Any], respond: AsyncRespond | None
    ) -> None:
        """Log what went wrong and tell the user, without details."""
        logger.exception("unhandled error in a Slack listener", exc_info=error)
        if respond is not None and body.get("response_url"):
            await respond(text=SORRY, response_type="ephemeral", replace_original=False)
