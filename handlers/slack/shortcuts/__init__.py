"""Global shortcuts (the lightning-bolt menu)."""

from slack_bolt.async_app import AsyncApp

from bot.core.services.bundle import Services
from handlers.slack.shortcuts import join


def register(app: AsyncApp, services: Services) -> None:
    join.register(app, services)
