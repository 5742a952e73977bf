"""The reflection modal: a few lines on the week, kept private or shared with the cohort."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.core.model import Actor
from bot.core.replies.reflection import REFLECTION_FORM
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM
from handlers.slack.views.answers import form_answers


def register(app: AsyncApp, services: Services) -> None:
    @app.view(REFLECTION_FORM)
    async def reflection_form_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        """Close the modal at once, then keep (and maybe share) the answer; thanks come as a DM."""
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        reflection_id = view.get("private_metadata", "")
        await services.progress.save_reflection(
            actor, reflection_id, form_answers(view), view["id"]
        )
