"""The "Join the cohort" shortcut: the same sign-up form as the Join button."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.join_form import JOIN
from bot.core.model import Actor
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM
from handlers.slack.render import modal_view


def register(app: AsyncApp, services: Services) -> None:
    async def join_shortcut(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """Open the form while the trigger is fresh. A global shortcut has no channel to
        answer in, so the core sends anything else (already enrolled, waiting) by DM."""
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        form = await services.recruitment.join_shortcut(actor, body["trigger_id"])
        if form is not None:
            await client.views_open(trigger_id=body["trigger_id"], view=modal_view(form))

    app.shortcut(JOIN)(join_shortcut)
