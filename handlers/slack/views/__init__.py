"""Modal submissions."""

from slack_bolt.async_app import AsyncApp

from bot.core.usecases.registry import Registry
from handlers.slack.after_ack import AfterAck
from handlers.slack.views import forms


def register(app: AsyncApp, registry: Registry, after: AfterAck) -> None:
    forms.register(app, registry, after)
