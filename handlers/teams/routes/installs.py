"""The app installed for a person or in a team: remember how to write there first.

Installed in a team, the bot may start a one-to-one chat with anyone in the team's
roster, so each member is kept as reachable through the team (`roster.py`).
"""

from __future__ import annotations

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import (
    AgentApplication,
    ConnectorClientBase,
    TurnContext,
    TurnState,
)

from bot.core.usecases.registry import Registry
from handlers.teams import turns
from handlers.teams.roster import through_team


def register(app: AgentApplication[TurnState], registry: Registry) -> None:
    @app.activity(ActivityTypes.conversation_update)
    async def on_conversation_update(context: TurnContext, state: TurnState) -> None:
        """Keep the reference when the bot joins a personal chat or a team, and in a team
        the way to reach each member of its roster."""
        activity = context.activity
        bot = activity.recipient.id if activity.recipient else None
        if bot is None or not any(m.id == bot for m in activity.members_added or []):
            return
        seen = turns.seen(activity)
        await registry.handle(seen)
        team = turns.team_of(activity)
        client = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
        if team is None or client is None:
            return
        for member in await client.conversations.get_conversation_members(team):
            if member.id != bot:
                await registry.handle(through_team(member.id, member.name, seen.reference))

    @app.activity(ActivityTypes.installation_update)
    async def on_installation_update(context: TurnContext, state: TurnState) -> None:
        """Installing or removing the app needs nothing more than the update above."""
