"""Every modal's submission: problems shown under their fields, or the form acted on."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.core.model import Actor
from bot.core.requests import CheckForm, SubmitForm
from bot.core.usecases.registry import Registry
from handlers.slack.after_ack import AfterAck
from handlers.slack.ids import FORMS, PLATFORM
from handlers.slack.views.answers import form_answers


def register(app: AsyncApp, registry: Registry, after: AfterAck) -> None:
    async def form_submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Answer within Slack's three seconds: keep the modal open with the problems, or
        close it and then act; what follows arrives as messages."""
        actor, answers = Actor(PLATFORM, body["user"]["id"]), form_answers(view)
        form = view["callback_id"]
        problems = await registry.handle(CheckForm(actor, form, answers))
        if problems:
            await ack(response_action="errors", errors=problems)
            return
        await ack()
        state = view.get("private_metadata") or ""
        submitted = SubmitForm(actor, form, state, answers, view["id"])
        after.start(registry.handle(submitted), None)

    for form in FORMS:
        app.view(form)(form_submitted)
