"""The "Join the cohort" shortcut: the same sign-up form as the Join button."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.join_form import JOIN
from bot.core.messages import Form
from bot.core.model import Actor
from bot.core.requests import PressButton
from bot.core.usecases.registry import Registry
from handlers.slack.after_ack import AfterAck
from handlers.slack.ids import PLATFORM
from handlers.slack.modal import modal_view


def register(app: AsyncApp, registry: Registry, after: AfterAck) -> None:
    async def join_shortcut(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """Acknowledge; then open the form while the trigger is fresh. A global shortcut has
        no place to answer in, so anything else (already enrolled, waiting) comes as a
        direct message."""
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        pressed = PressButton(actor, JOIN, "", answer_in_place=False, request_id=body["trigger_id"])

        async def answer() -> None:
            reply = await registry.handle(pressed)
            if isinstance(reply, Form):
                await client.views_open(trigger_id=body["trigger_id"], view=modal_view(reply))

        after.start(answer(), None)

    app.shortcut(JOIN)(join_shortcut)
