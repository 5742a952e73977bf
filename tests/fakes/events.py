"""Events the Events API delivers, shaped as Slack sends them (ts from the fake workspace)."""

from __future__ import annotations

import uuid

from tests.fakes.workspace import JSON, FakeWorkspace


def app_home_opened(ws: FakeWorkspace, user_id: str, tab: str = "home") -> JSON:
    """A person opened the app's Home (or Messages) tab; `view` is there once one was published."""
    event: JSON = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": "D" + user_id,
        "tab": tab,
        "event_ts": ws.next_ts(),
    }
    if (view := ws.home_view(user_id)) is not None:
        event["view"] = view
    return event


def message_im(ws: FakeWorkspace, user_id: str, text: str) -> JSON:
    """A person wrote to the bot in its DM (the message.im event)."""
    ts = ws.next_ts()
    return {
        "type": "message",
        "channel": "D" + user_id,
        "user": user_id,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "im",
        "team": ws.identity.team_id,
        "client_msg_id": str(uuid.uuid4()),
        "blocks": [_rich_text(text)],
    }


def app_mention(ws: FakeWorkspace, user_id: str, channel_id: str, text: str) -> JSON:
    """A person mentioned the bot in a channel; the mention is added in front when missing."""
    mention = f"<@{ws.identity.bot_user_id}>"
    full = text if mention in text else f"{mention} {text}"
    ts = ws.next_ts()
    return {
        "type": "app_mention",
        "user": user_id,
        "text": full,
        "ts": ts,
        "event_ts": ts,
        "channel": channel_id,
        "team": ws.identity.team_id,
        "client_msg_id": str(uuid.uuid4()),
        "blocks": [_rich_text(full)],
    }


def _rich_text(text: str) -> JSON:
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return {"type": "rich_text", "block_id": uuid.uuid4().hex[:5], "elements": [section]}
