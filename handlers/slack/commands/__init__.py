"""Slash commands."""

from slack_bolt.async_app import AsyncApp

from bot.core.services.bundle import Services
from handlers.slack.commands import run_command


def register(app: AsyncApp, services: Services) -> None:
    run_command.register(app, services)
