"""The scheduled jobs: small async functions that call services only."""

from __future__ import annotations

from bot.core.services.bundle import Services


async def deliver_outbox(services: Services) -> None:
    """Send deliveries that are due, including retries whose wait is over."""
    await services.outbox.dispatch_due()
