"""A tiny Bolt app for exercising the fake client; it records the bodies Bolt hands listeners."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltRequest, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

SECRET = "shh-this-is-the-signing-secret"
DONE = {
    "type": "actions",
    "block_id": "week",
    "elements": [
        {
            "type": "button",
            "action_id": "done",
            "value": "week-1",
            "text": {"type": "plain_text", "text": "I've done week 1"},
        },
        {
            "type": "button",
            "action_id": "check_in",
            "text": {"type": "plain_text", "text": "Check in"},
        },
    ],
}
CHECK_IN = {
    "type": "modal",
    "callback_id": "check_in",
    "title": {"type": "plain_text", "text": "Check in"},
    "submit": {"type": "plain_text", "text": "Send"},
    "blocks": [
        {
            "type": "input",
            "block_id": "how",
            "label": {"type": "plain_text", "text": "How is it going?"},
            "element": {"type": "plain_text_input", "action_id": "note"},
        },
        {
            "type": "input",
            "block_id": "pace",
            "label": {"type": "plain_text", "text": "Pace"},
            "element": {
                "type": "static_select",
                "action_id": "pace",
                "options": [
                    {"text": {"type": "plain_text", "text": "On track"}, "value": "on_track"},
                    {"text": {"type": "plain_text", "text": "Behind"}, "value": "behind"},
                ],
            },
        },
    ],
}


def build_app(api_url: str, seen: list[dict[str, Any]]) -> AsyncApp:
    """Listeners that ack, remember the body, and answer through the fake Web API."""
    client = AsyncWebClient(token="xoxb-test-token", base_url=api_url)
    app = AsyncApp(client=client, signing_secret=SECRET)

    @app.command("/facilitator")
    async def command(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        seen.append(body)
        await respond(text="Your week", blocks=[DONE])

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], body: dict[str, Any], request: AsyncBoltRequest) -> None:
        seen.append({**body, "retry_num": request.headers.get("x-slack-retry-num")})
        view = {"type": "home", "blocks": [DONE]}
        await client.views_publish(user_id=event["user"], view=view)

    @app.event("message")
    async def message(body: dict[str, Any]) -> None:
        seen.append(body)
        await client.chat_postMessage(channel=body["event"]["channel"], text="Hi", blocks=[DONE])

    @app.event("app_mention")
    async def mention(body: dict[str, Any]) -> None:
        seen.append(body)

    @app.action("done")
    async def done(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        seen.append(body)

    @app.action("check_in")
    async def open_check_in(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=CHECK_IN)

    @app.view("check_in")
    async def submitted(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        seen.append(body)

    return app
