"""Wire every Slack listener to the services."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncRespond

from bot.core.services.bundle import Services
from handlers.slack import actions, commands, events, shortcuts, views

logger = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on our side. Please try again in a minute."


def register_listeners(app: AsyncApp, services: Services) -> None:
    commands.register(app, services)
    actions.register(app, services)
    events.register(app, services)
    views.register(app, services)
    shortcuts.register(app, services)

    @app.error
    async def on_error(
        error: Exception, body: dict[str, Any], respond: AsyncRespond | None
    ) -> None:
        """Log what went wrong and tell the user, without details."""
        logger.exception("unhandled error in a Slack listener", exc_info=error)
        if respond is not None and body.get("response_url"):
            await respond(text=SORRY, response_type="ephemeral", replace_original=False)
