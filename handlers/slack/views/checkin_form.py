"""The check-in modal: every module with a tick box."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.core.model import Actor
from bot.core.replies.checkin_form import CHECKIN_FORM
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM
from handlers.slack.views.answers import form_answers


def register(app: AsyncApp, services: Services) -> None:
    @app.view(CHECKIN_FORM)
    async def checkin_form_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        """Close the modal at once, then record the changes; the reply comes as a DM."""
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        await services.progress.save_checkin_form(actor, form_answers(view), view["id"])
