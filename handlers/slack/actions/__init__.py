"""Button presses."""

from slack_bolt.async_app import AsyncApp

from bot.core.usecases.registry import Registry
from handlers.slack.actions import buttons
from handlers.slack.after_ack import AfterAck


def register(app: AsyncApp, registry: Registry, after: AfterAck) -> None:
    buttons.register(app, registry, after)
