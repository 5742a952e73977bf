"""Which connector operation a request is: paths matched case-insensitively, ids kept raw."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

PREFIX = (
    "teams"  # the serviceUrl is http://127.0.0.1:PORT/teams/, like smba.trafficmanager.net/emea/
)


@dataclass(frozen=True)
class Route:
    """A request's operation (the SDK's method name) and the ids in its path."""

    operation: str
    conversation_id: str | None = None
    activity_id: str | None = None
    member_id: str | None = None


UNKNOWN = Route("unknown")

# (HTTP method, the path's shape after the conversation id) -> operation
_TABLE = {
    ("POST", ("activities",)): "send_to_conversation",
    ("POST", ("activities", "*")): "reply_to_activity",
    ("PUT", ("activities", "*")): "update_activity",
    ("DELETE", ("activities", "*")): "delete_activity",
    ("GET", ("members",)): "get_conversation_members",
    ("GET", ("members", "*")): "get_conversation_member",
    ("GET", ("pagedmembers",)): "get_conversation_paged_members",
}


def segments(raw_path: str) -> list[str]:
    """The path's segments after `/teams/`, each decoded on its own so ids keep `:`, `@`, `;`."""
    parts = [unquote(part) for part in raw_path.split("?", 1)[0].split("/")]
    parts = [part for part in parts if part]
    return parts[1:] if parts[:1] == [PREFIX] else parts


def route(method: str, raw_path: str) -> Route:
    """What a request asks for; UNKNOWN when Teams would not know the path either."""
    parts = segments(raw_path)
    if [p.lower() for p in parts[:2]] != ["v3", "conversations"]:
        return UNKNOWN
    rest = parts[2:]
    if not rest:
        return Route("create_conversation") if method == "POST" else UNKNOWN
    conversation, tail = rest[0], rest[1:]
    shape = tuple("*" if i else part.lower() for i, part in enumerate(tail))
    operation = _TABLE.get((method, shape))
    if operation is None:
        return UNKNOWN
    second = tail[1] if len(tail) > 1 else None
    if tail[0].lower() == "members":
        return Route(operation, conversation, member_id=second)
    return Route(operation, conversation, activity_id=second)
