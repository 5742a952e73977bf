"""Events are handled before Slack has its answer, in less time than Slack waits.

Slack waits 3 seconds for the answer to an event and sends the event again when the
answer is late or not a success. A handling that runs out of time is cancelled, which
rolls its unit of work back, and answered as a failure, so that Slack's next try
starts afresh.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

SECONDS = 2.5  # of the 3 that Slack waits, leaving room for the answer's way back


async def in_time[T](handling: Awaitable[T]) -> T:
    """The handling's result, or TimeoutError once SECONDS have passed."""
    async with asyncio.timeout(SECONDS):
        return await handling
