"""The "Ask a question" button: opens the question form."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Form
from bot.core.model import Actor
from bot.core.replies.questions import ASK
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM
from handlers.slack.render import modal_view
from handlers.slack.reply import reply_privately


def register(app: AsyncApp, services: Services) -> None:
    @app.action(ASK)
    async def ask_button(
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """Open the form at once, while the trigger is fresh, or say why it cannot open."""
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        reply = await services.questions.form(actor)
        if isinstance(reply, Form):
            await client.views_open(trigger_id=body["trigger_id"], view=modal_view(reply))
        elif body.get("response_url"):
            await reply_privately(respond, reply)
