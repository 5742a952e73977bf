"""Payloads Slack sends to the app, in their real shapes."""

from __future__ import annotations

import time
from typing import Any

from tests.fakes.workspace import JSON, FakeWorkspace


def user_ref(ws: FakeWorkspace, user_id: str) -> JSON:
    """The `user` object of interaction payloads."""
    user = ws.users.get(user_id)
    handle = user.name if user else user_id.lower()
    return {"id": user_id, "username": handle, "name": handle, "team_id": ws.identity.team_id}


def _team(ws: FakeWorkspace) -> JSON:
    return {"id": ws.identity.team_id, "domain": ws.identity.team_domain}


def slash_command(
    ws: FakeWorkspace,
    command: str,
    text: str,
    user_id: str,
    channel_id: str,
    response_url: str,
    trigger_id: str,
) -> dict[str, str]:
    """The form fields of a slash command (no enterprise_id outside Enterprise Grid)."""
    me = ws.identity
    return {
        "token": me.verification_token,
        "team_id": me.team_id,
        "team_domain": me.team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name(ws, channel_id),
        "user_id": user_id,
        "user_name": user_ref(ws, user_id)["username"],
        "command": command,
        "text": text,
        "api_app_id": me.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def block_actions(
    ws: FakeWorkspace,
    user_id: str,
    action: JSON,
    trigger_id: str,
    *,
    message: JSON | None = None,
    view: JSON | None = None,
    response_url: str | None = None,
) -> JSON:
    """A block_actions payload from a message (with `message`) or a view (with `view`)."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": user_ref(ws, user_id),
        "api_app_id": ws.identity.app_id,
        "token": ws.identity.verification_token,
        "trigger_id": trigger_id,
        "team": _team(ws),
        "enterprise": None,
        "is_enterprise_install": False,
        "actions": [action],
    }
    if message is not None:
        channel, ephemeral = message["channel"], "to" in message
        payload["container"] = {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
        payload["channel"] = {"id": channel, "name": channel_name(ws, channel)}
        if not ephemeral:  # Slack leaves out the message of an ephemeral one
            payload["message"] = {k: v for k, v in message.items() if k != "channel"}
        payload["state"] = {"values": {}}
        payload["response_url"] = response_url
    elif view is not None:
        payload["container"] = {"type": "view", "view_id": view["id"]}
        payload["view"] = view
    else:
        raise ValueError("a block action comes from a message or a view")
    return payload


def global_shortcut(ws: FakeWorkspace, user_id: str, callback_id: str, trigger_id: str) -> JSON:
    """A global shortcut chosen from the shortcuts menu: no channel, no response_url."""
    return {
        "type": "shortcut",
        "token": ws.identity.verification_token,
        "action_ts": ws.next_ts(),
        "team": _team(ws),
        "user": user_ref(ws, user_id),
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id,
    }


def view_submission(ws: FakeWorkspace, user_id: str, view: JSON, trigger_id: str) -> JSON:
    """A view_submission payload; `view` carries callback_id, private_metadata and state."""
    return {
        "type": "view_submission",
        "team": _team(ws),
        "user": user_ref(ws, user_id),
        "api_app_id": ws.identity.app_id,
        "token": ws.identity.verification_token,
        "trigger_id": trigger_id,
        "view": view,
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def event_callback(ws: FakeWorkspace, event: JSON, event_id: str) -> JSON:
    """The Events API envelope around one event, authorised for the bot user."""
    me = ws.identity
    return {
        "token": me.verification_token,
        "team_id": me.team_id,
        "context_team_id": me.team_id,
        "context_enterprise_id": None,
        "api_app_id": me.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": me.team_id,
                "user_id": me.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{event_id}",
    }


def channel_name(ws: FakeWorkspace, channel_id: str) -> str:
    """The channel name Slack reports: "directmessage" for DMs."""
    if channel_id.startswith("D"):
        return "directmessage"
    return ws.channels.get(channel_id, "privategroup")


def stand_in_button(action_id: str, text: str, value: str | None) -> JSON:
    """A button for clicks built from arguments rather than from what the bot showed."""
    button: JSON = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text, "emoji": True},
    }
    if value is not None:
        button["value"] = value
    return button


def stand_in_message(ws: FakeWorkspace, channel: str, ts: str) -> JSON:
    """The message at (channel, ts) if the bot posted it, else a bare bot message."""
    bare = {
        "type": "message",
        "ts": ts,
        "channel": channel,
        "text": "",
        "blocks": [],
        "user": ws.identity.bot_user_id,
    }
    return ws.messages.get((channel, ts)) or bare


def stand_in_view(ws: FakeWorkspace, kind: str, **fields: Any) -> JSON:
    """A view of `kind` with the fields Slack always sends; `fields` add or override."""
    view = {
        "id": ws.next_id("V"),
        "type": kind,
        "blocks": [],
        "hash": f"{ws.next_number()}.hash",
        "callback_id": "",
        "private_metadata": "",
        "state": {"values": {}},
        "team_id": ws.identity.team_id,
        "app_id": ws.identity.app_id,
        "bot_id": ws.identity.bot_id,
    }
    return {**view, **fields}
