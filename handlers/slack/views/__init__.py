"""Modal submissions."""

from slack_bolt.async_app import AsyncApp

from bot.core.usecases.registry import Registry
from handlers.slack.views import forms


def register(app: AsyncApp, registry: Registry) -> None:
    forms.register(app, registry)
