"""What the fake connector records (a TeamsCall) and is told to do wrong (a TeamsFailure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The Bot Framework's error codes for the statuses tests inject.
ERROR_CODES = {
    400: "BadArgument",
    404: "NotFound",
    412: "PreconditionFailed",
    429: "TooManyRequests",
    500: "ServiceError",
    502: "BadGateway",
    504: "GatewayTimeout",
}


@dataclass(frozen=True)
class TeamsCall:
    """One request the bot made, named by the SDK method that makes it (`reply_to_activity`)."""

    operation: str
    method: str
    path: str
    conversation_id: str | None
    activity_id: str | None
    body: Any
    authorization: str | None
    status: int = 200
    response: Any = None
    headers: Mapping[str, str] | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def text(self) -> str | None:
        """The text of the activity sent (the first activity of a new conversation)."""
        body = self.body if isinstance(self.body, dict) else {}
        activity = body.get("activity", body) if self.operation == "create_conversation" else body
        return activity.get("text") if isinstance(activity, dict) else None


@dataclass
class TeamsFailure:
    """A programmed failure: the next `remaining` matching calls get `status`.

    `accepted`: the fake stores what was sent, then answers the error anyway (a lost answer).
    """

    remaining: int
    status: int
    retry_after: int | None
    method: str | None
    path: str | None
    accepted: bool = False

    def applies_to(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or self.path.lower() in path.lower()


def error_body(status: int, message: str = "") -> dict[str, Any]:
    """The Bot Framework's ErrorResponse shape."""
    code = ERROR_CODES.get(status, "ServiceError")
    return {"error": {"code": code, "message": message or code}}
