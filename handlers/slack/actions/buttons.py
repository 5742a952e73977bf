"""Every button the bot shows: do what it says, then answer or open a form."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Form
from bot.core.model import Actor
from bot.core.requests import OpenHome, PressButton
from bot.core.usecases.registry import Registry
from handlers.slack.after_ack import AfterAck
from handlers.slack.ids import ACTIONS, PLATFORM
from handlers.slack.modal import modal_view
from handlers.slack.publish import home_publisher


def register(app: AsyncApp, registry: Registry, after: AfterAck) -> None:
    async def press_button(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Acknowledge at once; then open a form while the trigger is fresh, refresh the
        Home tab the button was in, or answer privately under the message."""
        await ack()
        actor = Actor(PLATFORM, body["user"]["id"])
        response_url = body.get("response_url")

        async def answer() -> None:
            reply = await registry.handle(
                PressButton(actor, action["action_id"], action.get("value", ""))
            )
            if isinstance(reply, Form):
                await client.views_open(trigger_id=body["trigger_id"], view=modal_view(reply))
            elif body.get("view", {}).get("type") == "home":
                refresh = f"home-refresh:{body['trigger_id']}"
                await registry.handle(OpenHome(actor, refresh, home_publisher(client, actor)))
            elif reply is not None and response_url:
                await after.replies.privately(response_url, reply)

        after.start(answer(), response_url)

    for action_id in ACTIONS:
        app.action(action_id)(press_button)
