"""The "Mark done" and "Undo" buttons next to each module."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.model import Actor
from bot.core.replies.progress import MARK_DONE, UNDO_DONE
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM
from handlers.slack.publish import publish_home
from handlers.slack.render import fallback_text, message_blocks


def register(app: AsyncApp, services: Services) -> None:
    async def module_button(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """Tick or untick a module, then refresh where the button was."""
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        done = action["action_id"] == MARK_DONE
        reply = await services.progress.set_module(actor, action.get("value", ""), done, "button")
        if body.get("view", {}).get("type") == "home":
            await publish_home(client, services, actor)
        else:
            await respond(
                text=fallback_text(reply),
                blocks=message_blocks(reply),
                response_type="ephemeral",
                replace_original=False,
            )

    app.action(MARK_DONE)(module_button)
    app.action(UNDO_DONE)(module_button)
