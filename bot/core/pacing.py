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


class Pacer:
    """Gives each message a time slot: `channel_interval` apart per channel (or per
    conversation), evenly spread per minute.

    A slot is reserved before waiting, so concurrent senders queue in order without
    racing for the same moment. After a 429, `pause` holds every channel until the
    platform's Retry-After is over; anyone already waiting takes a fresh slot after it.
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

    def sent(self, channel: str) -> None:
        """A message to `channel` has just arrived: the next waits a full interval from now.

        Platforms count from when a message arrives, and a slow request can arrive late,
        close to the next one's slot; spacing from the answer keeps the two apart.
        """
        self._next_in[channel] = max(
            self._next_in.get(channel, -math.inf), self._now() + self._channel_interval
        )

    def pause(self, seconds: float) -> None:
        """The platform answered 429: send nothing anywhere for `seconds`."""
        self._paused_until = max(self._paused_until, self._now() + seconds)

    def _forget_quiet_channels(self, now: float) -> None:
        """Keep memory bounded: a channel whose next slot has passed needs no entry."""
        if len(self._next_in) > 1000:
            self._next_in = {c: t for c, t in self._next_in.items() if t > now}
