"""What the fake records (a Call) and what it has been told to do wrong (a Failure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Call:
    """One request the bot made: the Web API method (or "response_url", "file_upload")."""

    method: str
    args: dict[str, Any]
    headers: Mapping[str, str]
    status: int = 200
    response: Any = None
    target: str = ""  # the response_url token or the uploaded file id

    @property
    def ok(self) -> bool:
        answered_ok = not isinstance(self.response, dict) or self.response.get("ok") is True
        return self.status == 200 and answered_ok


@dataclass
class Failure:
    """A programmed failure: the next `remaining` matching calls get this answer."""

    remaining: int
    status: int
    error: str
    retry_after: int | None
    method: str | None
    # Slack did the work before the answer failed: the answer is lost, not the message.
    posted: bool = False
    # Seconds before answering, to outlast the client's timeout.
    delay: float = 0.0

    def applies_to(self, method: str) -> bool:
        if self.method is None:
            return method not in ("response_url", "file_upload")
        return self.method == method
