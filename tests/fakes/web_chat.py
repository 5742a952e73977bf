"""conversations.open and chat.*: where the bot's messages land."""

from __future__ import annotations

from tests.fakes.web_replies import error, ok
from tests.fakes.workspace import JSON, FakeWorkspace, with_block_ids


def conversations_open(ws: FakeWorkspace, args: JSON) -> JSON:
    if args.get("channel"):
        channel = ws.resolve_channel(args["channel"])
        return ok(channel={"id": channel}) if channel else error("channel_not_found")
    users = [u for u in str(args.get("users", "")).split(",") if u]
    if not users:
        return error("users_list_not_supplied")
    for user_id in users:
        user = ws.users.get(user_id)
        if user is None:
            return error("user_not_found")
        if user.deleted:
            return error("user_disabled")
    if len(users) > 1:
        group = "G" + "".join(sorted(users))
        name = "mpdm-" + "--".join(ws.users[u].name for u in sorted(users))
        ws.add_channel(group, name, users)
        return ok(channel={"id": group})
    ws.dms.add("D" + users[0])
    return ok(channel={"id": "D" + users[0]})


def _bot_message(ws: FakeWorkspace, args: JSON, ts: str) -> JSON:
    me = ws.identity
    message = {
        "type": "message",
        "text": args.get("text", ""),
        "user": me.bot_user_id,
        "bot_id": me.bot_id,
        "app_id": me.app_id,
        "team": me.team_id,
        "ts": ts,
        "blocks": with_block_ids(args.get("blocks")),
    }
    for key in ("thread_ts", "metadata", "attachments"):
        if key in args:
            message[key] = args[key]
    return message


def flag(value: object) -> bool:
    """A boolean argument as Slack reads it: JSON true, or "true"/"1" in a form or query."""
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))


def chat_post_message(ws: FakeWorkspace, args: JSON) -> JSON:
    """Post as the bot; a reply (`thread_ts`) with `reply_broadcast` is a thread_broadcast.

    The stored message also keeps `reply_broadcast` (the fake's note of the argument); the
    answer's `message` has only what Slack sends back.
    """
    channel = ws.resolve_channel(args.get("channel"))
    if channel is None:
        return error("channel_not_found")
    if not (args.get("text") or args.get("blocks") or args.get("attachments")):
        return error("no_text")
    ts = ws.next_ts()
    message = _bot_message(ws, args, ts)
    broadcast = flag(args.get("reply_broadcast"))
    if broadcast and args.get("thread_ts"):
        message["subtype"] = "thread_broadcast"
    stored = ws.record_message(channel, message)
    if "reply_broadcast" in args:
        stored["reply_broadcast"] = broadcast
    answered = {k: v for k, v in stored.items() if k not in ("channel", "reply_broadcast")}
    return ok(channel=channel, ts=ts, message=answered)


def chat_post_ephemeral(ws: FakeWorkspace, args: JSON) -> JSON:
    channel = ws.resolve_channel(args.get("channel"))
    if channel is None:
        return error("channel_not_found")
    if args.get("user") not in ws.users:
        return error("user_not_in_channel")
    if not (args.get("text") or args.get("blocks") or args.get("attachments")):
        return error("no_text")
    ts = ws.next_ts()
    ws.ephemeral.append({**_bot_message(ws, args, ts), "channel": channel, "to": args["user"]})
    return ok(message_ts=ts)


def chat_update(ws: FakeWorkspace, args: JSON) -> JSON:
    channel = ws.resolve_channel(args.get("channel"))
    key = (channel or "", str(args.get("ts", "")))
    if channel is None:
        return error("channel_not_found")
    if key not in ws.messages:
        return error("message_not_found")
    message = ws.messages[key]
    if message.get("user") != ws.identity.bot_user_id:
        return error("cant_update_message")
    message["text"] = args.get("text", message["text"])
    if "blocks" in args:
        message["blocks"] = with_block_ids(args["blocks"])
    return ok(channel=channel, ts=key[1], text=message["text"], message=message)


def chat_delete(ws: FakeWorkspace, args: JSON) -> JSON:
    channel = ws.resolve_channel(args.get("channel"))
    key = (channel or "", str(args.get("ts", "")))
    if key not in ws.messages:
        return error("message_not_found")
    if ws.messages[key].get("user") != ws.identity.bot_user_id:
        return error("cant_delete_message")
    del ws.messages[key]
    return ok(channel=key[0], ts=key[1])


def chat_get_permalink(ws: FakeWorkspace, args: JSON) -> JSON:
    """A https permalink to a message anyone wrote; a thread reply's carries its thread."""
    channel = ws.resolve_channel(args.get("channel"))
    if channel is None:
        return error("channel_not_found")
    ts = str(args.get("message_ts", ""))
    if (channel, ts) not in ws.messages:
        return error("message_not_found")
    return ok(channel=channel, permalink=ws.permalink(channel, ts))
