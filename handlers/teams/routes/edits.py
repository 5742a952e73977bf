"""A person edited a message (Teams' messageUpdate): a moderator's relayed reply is
edited in the leader's chat too."""

from __future__ import annotations

import hashlib

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.core.requests import MessageEdited
from bot.core.usecases.registry import Registry
from handlers.teams import turns
from handlers.teams.sender import message_ref
from handlers.teams.words import plain

EDIT = "editMessage"


def register(app: AgentApplication[TurnState], registry: Registry) -> None:
    @app.activity("messageUpdate")
    async def on_message_update(context: TurnContext, state: TurnState) -> None:
        """Carry the edit; Teams gives an edit no id of its own, so its text names it."""
        activity = context.activity
        channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
        if channel_data.get("eventType", EDIT) != EDIT:
            return  # a message undeleted, or another update that is not an edit
        text = plain(activity.text or "", turns.named(activity))
        edited = f"{activity.id}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"
        original = message_ref(str(activity.conversation.id), str(activity.id))
        await registry.handle(
            MessageEdited(turns.actor(activity), original, text, edited, f"edit:{edited}")
        )
