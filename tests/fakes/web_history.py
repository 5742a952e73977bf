"""conversations.history and conversations.replies: what Slack kept of a conversation.

Message metadata is returned only with `include_all_metadata`, as on Slack; the bot
reads it to find a message whose answer it never got.
"""

from __future__ import annotations

from tests.fakes.web_chat import flag
from tests.fakes.web_replies import error, ok
from tests.fakes.workspace import JSON, FakeWorkspace

DEFAULT_LIMIT = 100
MAX_LIMIT = 999


def conversations_history(ws: FakeWorkspace, args: JSON) -> JSON:
    """A channel's messages, newest first, without thread replies (broadcasts stay)."""
    channel = ws.resolve_channel(args.get("channel"))
    if channel is None or channel[:1] in ("U", "W"):
        return error("channel_not_found")
    top = [
        m
        for m in ws.messages_in(channel, everyone=True, uploads=True)
        if m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast"
    ]
    return _page(list(reversed(_between(top, args))), args)


def conversations_replies(ws: FakeWorkspace, args: JSON) -> JSON:
    """A thread: its parent, then the replies oldest first."""
    channel = ws.resolve_channel(args.get("channel"))
    if channel is None:
        return error("channel_not_found")
    thread_ts = str(args.get("ts") or "")
    if not thread_ts:
        return error("invalid_arguments")
    if (channel, thread_ts) not in ws.messages:
        return error("thread_not_found")
    thread = ws.thread(channel, thread_ts)
    parent, replies = thread[:1], thread[1:]
    return _page(parent + _between(replies, args), args)


def _between(messages: list[JSON], args: JSON) -> list[JSON]:
    """The messages within `oldest` and `latest` (exclusive unless `inclusive`)."""
    oldest = float(args.get("oldest") or 0)
    latest = float(args.get("latest") or "inf")
    inclusive = flag(args.get("inclusive"))
    return [
        m
        for m in messages
        if (oldest <= float(m["ts"]) <= latest if inclusive else oldest < float(m["ts"]) < latest)
    ]


def _page(messages: list[JSON], args: JSON) -> JSON:
    text = str(args.get("limit") or DEFAULT_LIMIT)
    if not text.isdigit():
        return error("invalid_limit")
    limit = min(int(text) or DEFAULT_LIMIT, MAX_LIMIT)
    start = int(str(args.get("cursor") or "0").removeprefix("next:") or 0)
    shown = [_as_listed(m, flag(args.get("include_all_metadata"))) for m in messages]
    end = start + limit
    more = end < len(shown)
    return ok(
        messages=shown[start:end],
        has_more=more,
        response_metadata={"next_cursor": f"next:{end}" if more else ""},
    )


def _as_listed(message: JSON, with_metadata: bool) -> JSON:
    hidden = {"channel", "reply_broadcast"} | (set() if with_metadata else {"metadata"})
    return {k: v for k, v in message.items() if k not in hidden}
