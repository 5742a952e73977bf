"""Events Slack sends the app."""

from slack_bolt.async_app import AsyncApp

from bot.core.services.bundle import Services
from handlers.slack.events import app_home_opened, app_mention, message


def register(app: AsyncApp, services: Services) -> None:
    app_home_opened.register(app, services)
    app_mention.register(app, services)
    message.register(app, services)
