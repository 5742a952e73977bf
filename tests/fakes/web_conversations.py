"""conversations.members (who is in a channel) and users.conversations (the bot's DMs),
a page at a time with Slack's cursors."""

from __future__ import annotations

import base64
import binascii

from tests.fakes.web_replies import error, ok
from tests.fakes.workspace import JSON, FakeWorkspace

DEFAULT_LIMIT = 100  # Slack's default page size for cursor-paginated methods
MAX_DMS_PAGE = 999  # users.conversations gives at most this many a page


def conversations_members(ws: FakeWorkspace, args: JSON) -> JSON:
    """User ids of a channel's members (the bot among them), `limit` at a time.

    `response_metadata.next_cursor` leads to the next page and is "" on the last one.
    A private channel the bot is not in is `channel_not_found`, as on Slack.
    """
    channel = str(args.get("channel") or "")
    members = ws.members_of(channel)
    if members is None or (ws.is_private(channel) and ws.identity.bot_user_id not in members):
        return error("channel_not_found")
    limit = _limit(args.get("limit"))
    if limit is None:
        return error("invalid_limit")
    start = _start(args.get("cursor"), members)
    if start is None:
        return error("invalid_cursor")
    end = start + min(limit, ws.page_limit)
    next_cursor = _cursor(members[end]) if end < len(members) else ""
    return ok(members=members[start:end], response_metadata={"next_cursor": next_cursor})


def _limit(value: object) -> int | None:
    """The page size asked for: absent or 0 means Slack's default; not a number is invalid."""
    if value is None or value == "":
        return DEFAULT_LIMIT
    text = str(value)
    if not text.isdigit():
        return None
    return int(text) or DEFAULT_LIMIT


def _cursor(next_member: str) -> str:
    """Slack's cursors are base64 of where the next page starts, e.g. "user:U0AMARA"."""
    return base64.b64encode(f"user:{next_member}".encode()).decode()


def _start(cursor: object, members: list[str]) -> int | None:
    """Where a page starts: 0 without a cursor; None when the cursor is not one of ours."""
    if cursor is None or cursor == "":
        return 0
    try:
        decoded = base64.b64decode(str(cursor), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    kind, _, member = decoded.partition(":")
    if kind != "user" or member not in members:
        return None
    return members.index(member)


def users_conversations(ws: FakeWorkspace, args: JSON) -> JSON:
    """The bot's DMs, each with the person it is with, `limit` at a time (up to 999).

    Only `types=im` is answered: the bot asks for nothing else.
    """
    if str(args.get("types") or "") != "im":
        return error("invalid_types")
    limit = _limit(args.get("limit"))
    if limit is None:
        return error("invalid_limit")
    dms = sorted(ws.dms)
    cursor = str(args.get("cursor") or "")
    start = int(cursor.removeprefix("dm:")) if cursor.startswith("dm:") else 0
    end = start + min(limit, MAX_DMS_PAGE, ws.page_limit)
    page = [{"id": dm, "is_im": True, "user": dm[1:]} for dm in dms[start:end]]
    next_cursor = f"dm:{end}" if end < len(dms) else ""
    return ok(channels=page, response_metadata={"next_cursor": next_cursor})
