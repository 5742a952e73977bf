"""Slash commands."""

from slack_bolt.async_app import AsyncApp

from bot.core.platforms import CommandNames
from bot.core.usecases.registry import Registry
from handlers.slack.after_ack import AfterAck
from handlers.slack.commands import run_command


def register(app: AsyncApp, registry: Registry, names: CommandNames, after: AfterAck) -> None:
    run_command.register(app, registry, names, after)
