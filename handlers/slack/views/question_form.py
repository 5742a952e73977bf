"""The question modal: the question, its module, and the asker's choices."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.core.model import Actor
from bot.core.replies.questions import QUESTION_FORM
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM
from handlers.slack.views.answers import form_answers


def register(app: AsyncApp, services: Services) -> None:
    @app.view(QUESTION_FORM)
    async def question_form_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        """Keep the modal open with the problem shown, or close it and send the question."""
        answers = form_answers(view)
        problems = services.questions.form_problems(answers)
        if problems:
            await ack(response_action="errors", errors=problems)
            return
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        await services.questions.save_form(actor, answers)
