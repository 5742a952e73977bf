"""Button presses."""

from slack_bolt.async_app import AsyncApp

from bot.core.services.bundle import Services
from handlers.slack.actions import module_buttons, nudge_buttons, reflect_button


def register(app: AsyncApp, services: Services) -> None:
    module_buttons.register(app, services)
    nudge_buttons.register(app, services)
    reflect_button.register(app, services)
