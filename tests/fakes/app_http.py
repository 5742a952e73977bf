"""One signed HTTP post to the app, and the answer it gave."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import aiohttp

from tests.fakes.signing import SlackRequestSigner

Signing = Literal["valid", "none", "wrong"]


@dataclass(frozen=True)
class AppResponse:
    """The app's HTTP answer, with the response_url and trigger_id Slack sent along."""

    status: int
    body: str
    json: Any
    headers: Mapping[str, str]
    response_url: str | None = None
    trigger_id: str | None = None
    seconds: float = 0.0  # how long the app took; Slack gives up after 3 seconds
    event: dict[str, Any] = field(default_factory=dict)  # the event sent; {} for the rest

    @property
    def ts(self) -> str:
        """The ts of the message the delivered event is about: what a thread reply or a later
        edit refers to (for a message_changed event, the edited message's own ts)."""
        assert self.event, "only answers to delivered events carry a ts"
        changed = self.event.get("subtype") == "message_changed"
        return str((self.event["message"] if changed else self.event)["ts"])


def signature_headers(
    body: str, secret: str, signing: Signing, timestamp: int | None
) -> dict[str, str]:
    """Slack's signature headers: right, absent, or made with the wrong secret."""
    if signing == "none":
        return {}
    used = secret if signing == "valid" else "not-" + secret
    return SlackRequestSigner(used).headers(body, timestamp)


async def post(
    url: str,
    body: str,
    headers: Mapping[str, str],
    response_url: str | None,
    trigger_id: str | None,
) -> AppResponse:
    """Post `body` as Slack would (its user agent) and read the whole answer."""
    started = time.monotonic()
    sent = {"User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)", **headers}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body.encode(), headers=sent) as response,
    ):
        text = await response.text()
        is_json = response.content_type == "application/json" and text
        parsed = json.loads(text) if is_json else None
        headers_back = dict(response.headers)
    seconds = time.monotonic() - started
    return AppResponse(
        response.status, text, parsed, headers_back, response_url, trigger_id, seconds
    )
