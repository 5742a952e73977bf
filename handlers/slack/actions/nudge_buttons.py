"""The weekly message's "Remind me tomorrow" and catch-up plan buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.core.model import Actor
from bot.core.replies.nudges import CATCH_UP, SNOOZE
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM
from handlers.slack.render import fallback_text, message_blocks


def register(app: AsyncApp, services: Services) -> None:
    @app.action(SNOOZE)
    async def snooze(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """Send the weekly message again on the next working day."""
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        week = int(action["value"]) if str(action.get("value", "")).isdigit() else 0
        reply = await services.choices.snooze(actor, week)
        await respond(
            text=fallback_text(reply),
            blocks=message_blocks(reply),
            response_type="ephemeral",
            replace_original=False,
        )

    @app.action(CATCH_UP)
    async def catch_up(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        """Show a catch-up plan spreading what is left over the weeks left."""
        await ack()
        reply = await services.choices.plan(Actor(PLATFORM, body["user"]["id"]))
        await respond(
            text=fallback_text(reply),
            blocks=message_blocks(reply),
            response_type="ephemeral",
            replace_original=False,
        )
