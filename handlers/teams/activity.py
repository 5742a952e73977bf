"""A neutral message as the activity Teams shows: an Adaptive Card, with its text for
notifications and screen readers."""

from __future__ import annotations

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import CardFactory, MessageFactory

from bot.core.messages import Message
from handlers.teams.render import FileLink, card, fallback_text


def message_activity(message: Message, file: FileLink | None = None) -> Activity:
    """The message as a card; a file it carries as a link (and a picture, for a chart)."""
    text = fallback_text(message)
    activity: Activity = MessageFactory.attachment(
        CardFactory.adaptive_card(card(message, file)), text=text
    )
    activity.summary = text[:200]
    return activity
