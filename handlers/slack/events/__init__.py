"""Events Slack sends the app."""

from slack_bolt.async_app import AsyncApp

from bot.core.usecases.registry import Registry
from handlers.slack.events import app_home_opened, app_mention, arrivals, message


def register(app: AsyncApp, registry: Registry) -> None:
    app_home_opened.register(app, registry)
    app_mention.register(app, registry)
    message.register(app, registry)
    arrivals.register(app, registry)
