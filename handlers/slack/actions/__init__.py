"""Button presses."""

from slack_bolt.async_app import AsyncApp

from bot.core.services.bundle import Services
from handlers.slack.actions import buttons


def register(app: AsyncApp, services: Services) -> None:
    buttons.register(app, services)
