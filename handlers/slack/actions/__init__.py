"""Button presses."""

from slack_bolt.async_app import AsyncApp

from bot.core.usecases.registry import Registry
from handlers.slack.actions import buttons


def register(app: AsyncApp, registry: Registry) -> None:
    buttons.register(app, registry)
