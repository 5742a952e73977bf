"""A button pressed on a card (Action.Execute): do what it says, and answer in the chat."""

from __future__ import annotations

from typing import Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.core.messages import Form
from bot.core.requests import PressButton
from bot.core.usecases.registry import Registry
from handlers.teams import turns
from handlers.teams.activity import message_activity

TOAST = "application/vnd.microsoft.activity.message"


def register(app: AgentApplication[TurnState], registry: Registry) -> None:
    @app.invoke("adaptiveCard/action")
    async def on_card_action(context: TurnContext, state: TurnState) -> None:
        """The answer goes into the conversation; the card itself changes, if it does,
        through the outbox, as every platform's messages are updated."""
        activity = context.activity
        value = activity.value if isinstance(activity.value, dict) else {}
        action: dict[str, Any] = value.get("action") or {}
        data: dict[str, Any] = action.get("data") or {}
        press = PressButton(
            turns.actor(activity),
            str(data.get("action") or action.get("verb") or ""),
            str(data.get("value") or ""),
            in_channel=None if turns.is_personal(activity) else turns.channel_of(activity),
            request_id=str(activity.id),
        )
        answer = await registry.handle(press)
        if isinstance(answer, Form):
            opener = {"action": press.action, "value": press.value}
            await turns.offer_form(context, answer, opener)
        elif answer is not None:
            await context.send_activity(message_activity(answer))
        await turns.answer_invoke(context, {"statusCode": 200, "type": TOAST, "value": "Done."})
