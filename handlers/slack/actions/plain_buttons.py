"""The buttons that answer with a message: "Mark done", "Undo", snooze and catch-up."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.model import Actor
from bot.core.services.bundle import Services
from bot.core.services.buttons import PLAIN_BUTTONS
from handlers.slack.ids import PLATFORM
from handlers.slack.publish import publish_home
from handlers.slack.reply import reply_privately


def register(app: AsyncApp, services: Services) -> None:
    async def press_button(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """Do what the button says, then refresh the Home tab or answer privately."""
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        reply = await services.buttons.press(actor, action["action_id"], action.get("value", ""))
        if body.get("view", {}).get("type") == "home":
            await publish_home(client, services, actor)
        else:
            await reply_privately(respond, reply)

    for action_id in PLAIN_BUTTONS:
        app.action(action_id)(press_button)
