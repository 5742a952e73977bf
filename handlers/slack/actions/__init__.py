"""Button presses."""

from slack_bolt.async_app import AsyncApp

from bot.core.services.bundle import Services
from handlers.slack.actions import form_buttons, plain_buttons


def register(app: AsyncApp, services: Services) -> None:
    plain_buttons.register(app, services)
    form_buttons.register(app, services)
