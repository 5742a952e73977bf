"""Sign requests exactly as Slack does, with a timestamp a test can choose."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable


class SlackRequestSigner:
    """`X-Slack-Signature` = "v0=" + HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""

    def __init__(self, signing_secret: str, clock: Callable[[], float] = time.time) -> None:
        self.signing_secret = signing_secret
        self.clock = clock

    def signature(self, body: str | bytes, timestamp: int) -> str:
        raw = body.encode() if isinstance(body, str) else body
        base = b"v0:" + str(timestamp).encode() + b":" + raw
        digest = hmac.new(self.signing_secret.encode(), base, hashlib.sha256).hexdigest()
        return f"v0={digest}"

    def headers(self, body: str | bytes, timestamp: int | None = None) -> dict[str, str]:
        """The two headers Slack adds; `timestamp` defaults to now (an old one tests expiry)."""
        when = int(self.clock()) if timestamp is None else timestamp
        return {
            "X-Slack-Request-Timestamp": str(when),
            "X-Slack-Signature": self.signature(body, when),
        }
