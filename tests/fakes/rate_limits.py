"""Slack's rate limits, for the fake Web API to enforce when a test or benchmark asks.

chat.postMessage: one message a second per channel (Slack allows short bursts; the fake
does not) and a workspace-wide number a minute; the Tier 3 methods the bot calls to find
a DM (conversations.open, users.conversations): 50 a minute each. Reading history
(conversations.history and .replies) is Tier 3 on Slack too, but limited here only when
asked (`TIER_3_HISTORY`): the fault benchmark measures with and without it. Past a limit
the fake answers HTTP 429 `ratelimited` with `Retry-After`, the whole seconds until a slot
frees. Windows slide over real monotonic time unless `now` says otherwise.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.core.clock import ManualClock

WINDOW = 60.0  # seconds: Slack's limits are per minute
TIER_3 = frozenset({"conversations.open", "users.conversations"})
TIER_3_HISTORY = TIER_3 | {"conversations.history", "conversations.replies"}


@dataclass
class RateLimits:
    """`FakeSlackAPI(rate_limits=RateLimits(messages_per_minute=600))`; off when not given."""

    messages_per_minute: int = 600
    tier_3_per_minute: int = 50
    tier_3: frozenset[str] = TIER_3
    channel_interval: float = 1.0
    now: Callable[[], float] = time.monotonic
    _last_post: dict[str, float] = field(default_factory=dict, repr=False)
    _posts: deque[float] = field(default_factory=deque, repr=False)
    _tier_3_calls: dict[str, deque[float]] = field(default_factory=dict, repr=False)

    def retry_after(self, method: str, channel: str) -> int | None:
        """Seconds to wait if this call is over a limit; otherwise count it and None."""
        now = self.now()
        if method in self.tier_3:  # each method has a limit of its own
            calls = self._tier_3_calls.setdefault(method, deque())
            return _take(calls, self.tier_3_per_minute, now)
        if method != "chat.postMessage":
            return None
        last = self._last_post.get(channel)
        if last is not None and now - last < self.channel_interval:
            return _seconds(last + self.channel_interval - now)
        wait = _take(self._posts, self.messages_per_minute, now)
        if wait is None:
            self._last_post[channel] = now
            self._forget_quiet_channels(now)
        return wait

    def _forget_quiet_channels(self, now: float) -> None:
        """Keep memory bounded: a channel quiet for a whole interval has no limit left."""
        if len(self._last_post) > 1000:
            recent = self._last_post.items()
            self._last_post = {c: t for c, t in recent if now - t < self.channel_interval}


def _take(window: deque[float], limit: int, now: float) -> int | None:
    """Count a call in a sliding minute; the wait until a slot frees if it is full."""
    while window and window[0] <= now - WINDOW:
        window.popleft()
    if len(window) >= limit:
        return _seconds(window[0] + WINDOW - now)
    window.append(now)
    return None


def _seconds(wait: float) -> int:
    """Retry-After as Slack sends it: whole seconds, rounded up, at least one."""
    return max(1, math.ceil(wait))


@dataclass
class VirtualTime:
    """Seconds on a ManualClock, and a sleep that moves it: pacing and limits without waiting.

    Sleepers wake in the order of their wake times, and the clock moves only to the
    earliest wake time waiting, as it would in real time. Before moving it, a sleeper
    lets the other tasks run until they too are asleep or blocked, so several sleepers
    that start together take their turns in time order; one that woke someone else
    keeps doing so until its own turn comes.
    """

    clock: ManualClock
    settle_rounds: int = 50
    _sleepers: list[tuple[float, int, asyncio.Future[None]]] = field(default_factory=list)
    _count: itertools.count[int] = field(default_factory=itertools.count)

    def now(self) -> float:
        return self.clock.now().timestamp()

    async def sleep(self, seconds: float) -> None:
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now() + max(0.0, seconds), next(self._count), wake))
        while not wake.done():
            for _ in range(self.settle_rounds):
                await asyncio.sleep(0)  # let every other task reach its own sleep
            if not wake.done():
                self._wake_earliest()

    def _wake_earliest(self) -> None:
        while self._sleepers:
            at, _, wake = heapq.heappop(self._sleepers)
            if wake.done():
                continue
            if at > self.now():
                self.clock.set(datetime.fromtimestamp(at, UTC))
            wake.set_result(None)
            return
