"""Global shortcuts (the lightning-bolt menu)."""

from slack_bolt.async_app import AsyncApp

from bot.core.usecases.registry import Registry
from handlers.slack.after_ack import AfterAck
from handlers.slack.shortcuts import join


def register(app: AsyncApp, registry: Registry, after: AfterAck) -> None:
    join.register(app, registry, after)
