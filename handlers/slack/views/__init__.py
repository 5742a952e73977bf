"""Modal submissions."""

from slack_bolt.async_app import AsyncApp

from bot.core.services.bundle import Services
from handlers.slack.views import forms


def register(app: AsyncApp, services: Services) -> None:
    forms.register(app, services)
