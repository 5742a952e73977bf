"""The use case for what the platforms say about the bot's own messages."""

from __future__ import annotations

from bot.core.requests import MessageArrived
from bot.core.services.outbox import Outbox


async def record_arrival(request: MessageArrived, outbox: Outbox) -> None:
    """Record the message as sent, so that an attempt whose answer was lost is neither
    looked for nor sent again. Recording it twice changes nothing."""
    await outbox.record_arrival(request.platform, request.key, request.ref)
