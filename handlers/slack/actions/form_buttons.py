"""Buttons that open a form: ask a question, reflect, confirm sessions, comment."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Form
from bot.core.model import Actor
from bot.core.services.bundle import Services
from bot.core.services.buttons import FORM_BUTTONS
from handlers.slack.ids import PLATFORM
from handlers.slack.render import modal_view
from handlers.slack.reply import reply_privately


def register(app: AsyncApp, services: Services) -> None:
    async def open_form(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """Open the form at once, while the trigger is fresh, or say privately why not."""
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        reply = await services.buttons.open_form(
            actor, action["action_id"], action.get("value", "")
        )
        if isinstance(reply, Form):
            await client.views_open(trigger_id=body["trigger_id"], view=modal_view(reply))
        elif body.get("response_url"):
            await reply_privately(respond, reply)

    for action_id in FORM_BUTTONS:
        app.action(action_id)(open_form)
