"""Keep the bot's messages within a chat platform's rate limits, so that 429s stay rare.

Each platform's sender owns a pacer set to its platform's limits, which the platform's
adapter knows. It is not part of any use case: it lives in the core only so that every
adapter can share it.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable

# 429s in a row, with no other answer between, that mean the workspace's limit (which
# refuses everything) rather than one channel's: then every channel waits.
REFUSALS_TO_PAUSE = 3


class Pacer:
    """Gives each message a time slot: `channel_interval` apart per channel (or per
    conversation), evenly spread per minute.

    A slot is reserved before waiting, so concurrent senders queue in order without
    racing for the same moment. A 429 holds its channel for the platform's Retry-After;
    a run of them with no other answer between holds every channel, and anyone already
    waiting takes a fresh slot after it. A lone 429 does not stop the others: a platform
    limits each channel, and one over its overall limit refuses every message, not one.
    """

    def __init__(
        self,
        messages_per_minute: int,
        *,
        channel_interval: float,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._spacing = 60.0 / messages_per_minute
        self._channel_interval = channel_interval
        self._now, self._sleep = now, sleep
        self._next_any = self._paused_until = -math.inf
        self._next_in: dict[str, float] = {}
        self._refused_in_a_row = 0

    def now(self) -> float:
        """Seconds on the pacer's clock: monotonic in the bot, the test's clock in tests."""
        return self._now()

    async def wait_turn(self, channel: str) -> None:
        """Return when a message to `channel` may go."""
        while True:
            now = self._now()
            slot = max(now, self._next_any, self._next_in.get(channel, now), self._paused_until)
            self._next_any = slot + self._spacing
            self._next_in[channel] = slot + self._channel_interval
            self._forget_quiet_channels(now)
            if slot > now:
                await self._sleep(slot - now)
            if slot >= self._paused_until:  # no 429 arrived while we waited
                return

    def sent(self, channel: str, refused_for: float | None = None) -> None:
        """The platform answered a message to `channel`: the next waits a full interval
        from now, or `refused_for` seconds when the answer was a 429 with that Retry-After.

        Platforms count from when a message arrives, and a slow request can arrive late,
        close to the next one's slot; spacing from the answer keeps the two apart.
        """
        now = self._now()
        wait = max(self._channel_interval, refused_for or 0.0)
        self._next_in[channel] = max(self._next_in.get(channel, -math.inf), now + wait)
        if refused_for is None:
            self._refused_in_a_row = 0
            return
        self._refused_in_a_row += 1
        if self._refused_in_a_row >= REFUSALS_TO_PAUSE:
            self._paused_until = max(self._paused_until, now + refused_for)

    def _forget_quiet_channels(self, now: float) -> None:
        """Keep memory bounded: a channel whose next slot has passed needs no entry."""
        if len(self._next_in) > 1000:
            self._next_in = {c: t for c, t in self._next_in.items() if t > now}
