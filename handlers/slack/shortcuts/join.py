"""The "Join the cohort" shortcut: the same sign-up form as the Join button."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.join_form import JOIN
from bot.core.messages import Form
from bot.core.model import Actor
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM
from handlers.slack.render import fallback_text, message_blocks, modal_view


def register(app: AsyncApp, services: Services) -> None:
    async def join_shortcut(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """Open the form while the trigger is fresh. A global shortcut has no channel to
        answer in, so anything else (already enrolled, waiting) comes as a direct message."""
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        reply = await services.buttons.press(actor, JOIN, "")
        if isinstance(reply, Form):
            await client.views_open(trigger_id=body["trigger_id"], view=modal_view(reply))
            return
        await client.chat_postMessage(
            channel=actor.user_id, text=fallback_text(reply), blocks=message_blocks(reply)
        )

    app.shortcut(JOIN)(join_shortcut)
