"""The scheduled jobs: small async functions that call services only."""

from __future__ import annotations

from datetime import datetime

from bot.core.services.bundle import Services


async def deliver_outbox(services: Services) -> None:
    """Send deliveries that are due, including retries whose wait is over."""
    await services.outbox.dispatch_due()


async def next_delivery(services: Services, _: datetime) -> datetime | None:
    """When the earliest waiting delivery may go."""
    return await services.outbox.next_due()


async def run_rhythm(services: Services) -> None:
    """Queue the nudges, reminders and cohort posts that have fallen due."""
    await services.rhythm.run_due()


async def next_rhythm(services: Services, after: datetime) -> datetime | None:
    """When the rhythm next has something to do."""
    return await services.rhythm.next_time(after)
