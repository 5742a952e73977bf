"""Every slash command: parse its text in the core and answer privately."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Form
from bot.core.model import Actor
from bot.core.services.bundle import Services
from handlers.slack.ids import PLATFORM
from handlers.slack.render import modal_view
from handlers.slack.reply import reply_privately
from handlers.slack.text import plain_text

Listener = Callable[..., Awaitable[None]]


def register(app: AsyncApp, services: Services) -> None:
    names = services.names
    for kind, name in (
        ("checkin", names.checkin),
        ("progress", names.progress),
        ("cohort", names.cohort),
        ("ask", names.ask),
    ):
        app.command(name)(_listener(kind, services))


def _listener(kind: str, services: Services) -> Listener:
    async def run_command(
        ack: AsyncAck, command: dict[str, str], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        """Acknowledge at once, then answer with an ephemeral reply or open a form."""
        await ack()
        actor = Actor(PLATFORM, command["user_id"])
        text = command.get("text", "")
        if kind == "ask":  # a question is kept as the asker wrote it, not in Slack's markup
            text = plain_text(text)
        reply = await services.commands.run(actor, kind, text, "slash")
        if isinstance(reply, Form):
            await client.views_open(trigger_id=command["trigger_id"], view=modal_view(reply))
            return
        await reply_privately(respond, reply)

    return run_command
