"""Button presses."""

from slack_bolt.async_app import AsyncApp

from bot.core.services.bundle import Services
from handlers.slack.actions import ask_button, plain_buttons, reflect_button


def register(app: AsyncApp, services: Services) -> None:
    plain_buttons.register(app, services)
    reflect_button.register(app, services)
    ask_button.register(app, services)
