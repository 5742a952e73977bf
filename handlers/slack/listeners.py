"""Wire every Slack listener to the services."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.core.platforms import CommandNames
from bot.core.usecases.registry import Registry
from handlers.slack import actions, commands, events, shortcuts, views
from handlers.slack.after_ack import AfterAck

logger = logging.getLogger(__name__)


def register_listeners(
    app: AsyncApp, registry: Registry, names: CommandNames, after: AfterAck
) -> None:
    """Every listener. Events are handled before Slack gets its answer (an error answers
    500, so Slack sends the event again); the rest acknowledge first and work after."""
    commands.register(app, registry, names, after)
    actions.register(app, registry, after)
    events.register(app, registry)
    views.register(app, registry, after)
    shortcuts.register(app, registry, after)

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        """Log what went wrong and tell the user, without details."""
        logger.exception("unhandled error in a Slack listener", exc_info=error)
        if response_url := body.get("response_url"):
            await after.replies.sorry(response_url)
