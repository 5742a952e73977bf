"""Events the Events API delivers, shaped as Slack sends them (ts from the fake workspace).

The messages people write are kept in the workspace (`ws.messages`, as the bot's posts are),
so a thread reply finds its parent's author and an edit finds the text it replaces.
"""

from __future__ import annotations

import copy
import uuid

from tests.fakes.workspace import JSON, FakeWorkspace

THREAD_FIELDS = ("reply_count", "reply_users", "reply_users_count", "latest_reply")
FAKE_NOTES = ("channel", "reply_broadcast")  # kept with a stored message, never sent by Slack


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


def message_im(ws: FakeWorkspace, user_id: str, text: str, thread_ts: str | None = None) -> JSON:
    """A person wrote to the bot in its DM (the message.im event); with `thread_ts`, as a
    reply in that thread (carrying `parent_user_id`, the parent's author)."""
    return _person_message(ws, user_id, "D" + user_id, text, thread_ts)


def channel_message(
    ws: FakeWorkspace, user_id: str, channel_id: str, text: str, thread_ts: str | None = None
) -> JSON:
    """A person wrote in a channel: the message.channels event, or message.groups for a
    private one (channel_type "group"). With `thread_ts`, a reply in that thread, carrying
    `parent_user_id` (the parent's author) when the fake knows the parent message."""
    return _person_message(ws, user_id, channel_id, text, thread_ts)


def message_changed(
    ws: FakeWorkspace,
    channel_id: str,
    ts: str,
    new_text: str,
    user_id: str,
    thread_ts: str | None = None,
) -> JSON:
    """`user_id` edited their message at `ts` to `new_text`: the message_changed subtype.

    As on Slack, `ts` and `event_ts` are the time of the edit; `message` is the whole message
    after it (its own `ts`, `edited`, and `thread_ts`/`parent_user_id` for a thread reply)
    and `previous_message` the one before. There is no top-level `thread_ts`. The kept
    message changes too, so a second edit starts from this text. `thread_ts`, when given,
    is checked against the thread the message is in.
    """
    stored = ws.messages.get((channel_id, ts))
    assert stored is not None, f"no message {ts} in {channel_id}; a person must write it first"
    author = stored.get("user")
    assert author != ws.identity.bot_user_id, "the bot changes its messages with chat.update"
    assert author == user_id, f"only {author} can edit message {ts}, not {user_id}"
    assert thread_ts in (None, stored.get("thread_ts")), f"message {ts} is not in {thread_ts}"
    previous = _as_slack_sends(stored)
    edit_ts = ws.next_ts()
    stored["text"] = new_text
    stored["blocks"] = [_rich_text(new_text)]
    stored["edited"] = {"user": user_id, "ts": edit_ts}
    team = ws.identity.team_id
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": {**_as_slack_sends(stored), "source_team": team, "user_team": team},
        "previous_message": previous,
        "channel": channel_id,
        "hidden": True,
        "ts": edit_ts,
        "event_ts": edit_ts,
        "channel_type": channel_type(ws, channel_id),
    }


def bot_message_echo(ws: FakeWorkspace, channel_id: str, ts: str) -> JSON:
    """The message event Slack sends for a message the bot posted (with its current text).

    A post with a bot token has no subtype: `user` is the bot user, with `bot_id`, `app_id`
    and `bot_profile`; a reply has `thread_ts` and `parent_user_id`. A broadcast reply is
    subtype thread_broadcast with the parent as `root`.
    """
    stored = ws.messages.get((channel_id, ts))
    bot = ws.identity.bot_user_id
    assert stored is not None and stored.get("user") == bot, (
        f"the bot posted no {ts} in {channel_id}"
    )
    event = _as_slack_sends(stored)
    for key in THREAD_FIELDS:  # the thread it started later is not in the original event
        event.pop(key, None)
    if event.get("thread_ts") == ts:
        del event["thread_ts"]
    parent = ws.messages.get((channel_id, event.get("thread_ts", "")))
    if event.get("subtype") == "thread_broadcast" and parent is not None:
        event["root"] = _as_slack_sends(parent)
    event["bot_profile"] = bot_profile(ws)
    return {
        **event,
        "channel": channel_id,
        "event_ts": ts,
        "channel_type": channel_type(ws, channel_id),
    }


def app_mention(ws: FakeWorkspace, user_id: str, channel_id: str, text: str) -> JSON:
    """A person mentioned the bot in a channel; the mention is added in front when missing."""
    mention = f"<@{ws.identity.bot_user_id}>"
    full = text if mention in text else f"{mention} {text}"
    ts = ws.next_ts()
    message: JSON = {
        "type": "message",
        "user": user_id,
        "text": full,
        "ts": ts,
        "team": ws.identity.team_id,
        "client_msg_id": str(uuid.uuid4()),
        "blocks": [_rich_text(full)],
    }
    ws.record_message(channel_id, message)
    return {
        **copy.deepcopy(message),
        "type": "app_mention",
        "event_ts": ts,
        "channel": channel_id,
    }


def message_metadata_posted(
    ws: FakeWorkspace, channel_id: str, ts: str, metadata: JSON, app_id: str | None = None
) -> JSON:
    """Slack says a message carrying `metadata` was posted at `ts` in `channel_id`, by the
    app (or by the app `app_id`, with a bot and bot user of its own)."""
    me = ws.identity
    mine = app_id is None or app_id == me.app_id
    return {
        "type": "message_metadata_posted",
        "app_id": me.app_id if app_id is None else app_id,
        "bot_id": me.bot_id if mine else "B" + str(app_id)[1:],
        "user_id": me.bot_user_id if mine else "U" + str(app_id)[1:],
        "team_id": me.team_id,
        "channel_id": channel_id,
        "metadata": metadata,
        "message_ts": ts,
        "event_ts": ts,
    }


def channel_type(ws: FakeWorkspace, channel_id: str) -> str:
    """Slack's channel_type: "im" for a DM, "mpim" for a group DM, "group" for a private
    channel (a G id, or added as private), else "channel"."""
    if channel_id.startswith("D"):
        return "im"
    if ws.channels.get(channel_id, "").startswith("mpdm-"):
        return "mpim"
    return "group" if ws.is_private(channel_id) else "channel"


def bot_profile(ws: FakeWorkspace) -> JSON:
    """The `bot_profile` Slack puts on the bot's messages."""
    me = ws.identity
    icons = "https://a.slack-edge.com/80588/img/plugins/app"
    return {
        "id": me.bot_id,
        "deleted": False,
        "name": me.bot_name,
        "updated": 1700000000,
        "app_id": me.app_id,
        "user_id": me.bot_user_id,
        "icons": {
            "image_36": f"{icons}/bot_36.png",
            "image_48": f"{icons}/bot_48.png",
            "image_72": f"{icons}/service_72.png",
        },
        "team_id": me.team_id,
    }


def _person_message(
    ws: FakeWorkspace, user_id: str, channel: str, text: str, thread_ts: str | None
) -> JSON:
    ts = ws.next_ts()
    message: JSON = {
        "user": user_id,
        "type": "message",
        "ts": ts,
        "client_msg_id": str(uuid.uuid4()),
        "text": text,
        "team": ws.identity.team_id,
        "blocks": [_rich_text(text)],
    }
    if thread_ts is not None:
        message["thread_ts"] = thread_ts
    stored = ws.record_message(channel, message)
    return {
        **_as_slack_sends(stored),
        "channel": channel,
        "event_ts": ts,
        "channel_type": channel_type(ws, channel),
    }


def _as_slack_sends(stored: JSON) -> JSON:
    """A copy of a kept message without the fake's own notes."""
    return {k: copy.deepcopy(v) for k, v in stored.items() if k not in FAKE_NOTES}


def _rich_text(text: str) -> JSON:
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return {"type": "rich_text", "block_id": uuid.uuid4().hex[:5], "elements": [section]}
