"""The app installed for a person or in a team: remember how to write there first."""

from __future__ import annotations

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.core.usecases.registry import Registry
from handlers.teams import turns


def register(app: AgentApplication[TurnState], registry: Registry) -> None:
    @app.activity(ActivityTypes.conversation_update)
    async def on_conversation_update(context: TurnContext, state: TurnState) -> None:
        """Keep the reference when the bot joins a personal chat or a team."""
        activity = context.activity
        bot = activity.recipient.id if activity.recipient else None
        if bot is not None and any(member.id == bot for member in activity.members_added or []):
            await registry.handle(turns.seen(activity))

    @app.activity(ActivityTypes.installation_update)
    async def on_installation_update(context: TurnContext, state: TurnState) -> None:
        """Installing or removing the app needs nothing more than the update above."""
