"""Teams' rate limits, for the fake connector to enforce when a test asks.

Per conversation (a thread counts as its own), writes (send, reply, update, delete) are limited
to 7 a second, 8 in 2 s, 60 in 30 s and 1,800 an hour; every request of the app in the tenant to
50 a second. Past a limit the fake answers 429 with `Retry-After`, the whole seconds until a slot
frees, and counts the refusal. Windows slide over `now`, real monotonic time unless a test injects
its own clock.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

Windows = tuple[tuple[float, int], ...]  # (seconds, most requests in that many seconds)

PER_CONVERSATION: Windows = ((1.0, 7), (2.0, 8), (30.0, 60), (3600.0, 1800))
PER_APP: Windows = ((1.0, 50),)
WRITES = {"send_to_conversation", "reply_to_activity", "update_activity", "delete_activity"}


@dataclass
class TeamsRateLimits:
    """`FakeTeamsConnector(rate_limits=TeamsRateLimits(now=clock))`; off when not given."""

    per_conversation: Windows = PER_CONVERSATION
    per_app: Windows = PER_APP
    now: Callable[[], float] = time.monotonic
    refused: int = 0
    _app: deque[float] = field(default_factory=deque, repr=False)
    _conversations: dict[str, deque[float]] = field(default_factory=dict, repr=False)

    def retry_after(self, operation: str, conversation_id: str | None) -> int | None:
        """Seconds to wait if this request is over a limit; otherwise count it and None."""
        now = self.now()
        checks = [(self._app, self.per_app)]
        if operation in WRITES and conversation_id is not None:
            log = self._conversations.setdefault(conversation_id, deque())
            checks.append((log, self.per_conversation))
        waits = [w for log, windows in checks if (w := _wait(log, windows, now)) is not None]
        if waits:
            self.refused += 1
            return max(waits)
        for log, _ in checks:
            log.append(now)
        return None


def _wait(log: deque[float], windows: Windows, now: float) -> int | None:
    """Forget what is older than the longest window; the wait until every window has room."""
    longest = max(seconds for seconds, _ in windows)
    while log and log[0] <= now - longest:
        log.popleft()
    waits = []
    for seconds, limit in windows:
        recent = [t for t in log if t > now - seconds]
        if len(recent) >= limit:
            waits.append(recent[-limit] + seconds - now)
    return max(1, math.ceil(max(waits))) if waits else None
