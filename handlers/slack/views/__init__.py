"""Modal submissions."""

from slack_bolt.async_app import AsyncApp

from bot.core.services.bundle import Services
from handlers.slack.views import checkin_form, question_form, reflection_form


def register(app: AsyncApp, services: Services) -> None:
    checkin_form.register(app, services)
    reflection_form.register(app, services)
    question_form.register(app, services)
