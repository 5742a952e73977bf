"""What a person sees when something breaks, or presses a card action nothing handles."""

from __future__ import annotations

import logging

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from handlers.teams import turns

logger = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on our side. Please try again in a minute."
GONE = "That button no longer does anything. Type progress to see where you are."


def register(app: AgentApplication[TurnState]) -> None:
    @app.invoke()
    async def on_any_other_invoke(context: TurnContext, state: TurnState) -> None:
        """An invoke no route answers (an old card's action) gets a friendly word, not 501."""
        message = {"statusCode": 200, "type": "application/vnd.microsoft.activity.message"}
        await turns.answer_invoke(context, {**message, "value": GONE})

    @app.error
    async def on_error(context: TurnContext, error: Exception) -> None:
        """Log what went wrong and tell the person, without details."""
        logger.exception("unhandled error in a Teams turn", exc_info=error)
        if context.activity.type == ActivityTypes.message:
            await context.send_activity(SORRY)
