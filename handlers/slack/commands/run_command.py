"""Every slash command: hand its words to the core and answer privately or open a form."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Form
from bot.core.model import Actor
from bot.core.platforms import CommandName, CommandNames
from bot.core.requests import RunCommand
from bot.core.usecases.registry import Registry
from handlers.slack.after_ack import AfterAck
from handlers.slack.ids import PLATFORM
from handlers.slack.modal import modal_view
from handlers.slack.text import command_words, plain_text

Listener = Callable[..., Awaitable[None]]


def register(app: AsyncApp, registry: Registry, names: CommandNames, after: AfterAck) -> None:
    for command in CommandName:
        app.command(names.of(command))(_listener(command, registry, after))


def _listener(name: CommandName, registry: Registry, after: AfterAck) -> Listener:
    async def run_command(ack: AsyncAck, command: dict[str, str], client: AsyncWebClient) -> None:
        """Acknowledge at once; then answer with an ephemeral reply or open a form."""
        await ack()
        text, channel = command.get("text", ""), command.get("channel_id", "")
        request = RunCommand(
            Actor(PLATFORM, command["user_id"]),
            name,
            plain_text(text),
            command_words(text),
            # A channel (C…, or G… for a private one), not a direct message (D…).
            in_channel=channel if channel.startswith(("C", "G")) else None,
        )

        async def answer() -> None:
            reply = await registry.handle(request)
            if isinstance(reply, Form):
                await client.views_open(trigger_id=command["trigger_id"], view=modal_view(reply))
            elif reply is not None:
                await after.replies.privately(command["response_url"], reply)

        after.start(answer(), command.get("response_url"))

    return run_command
