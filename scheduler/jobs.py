"""The scheduled jobs: small async functions, each given the one service it runs."""

from __future__ import annotations

from datetime import datetime

from bot.core.services.downloads import Downloads
from bot.core.services.outbox import Outbox
from bot.core.services.rhythm import RhythmService


async def deliver_outbox(outbox: Outbox) -> None:
    """Send deliveries that are due, including retries whose wait is over."""
    await outbox.dispatch_due()


async def delete_expired_downloads(downloads: Downloads) -> None:
    """Delete the files whose download links have expired."""
    await downloads.delete_expired()


async def next_delivery(outbox: Outbox, _: datetime) -> datetime | None:
    """When the earliest waiting delivery may go."""
    return await outbox.next_due()


async def run_rhythm(rhythm: RhythmService) -> None:
    """Queue the nudges, reminders and cohort posts that have fallen due."""
    await rhythm.run_due()


async def next_rhythm(rhythm: RhythmService, after: datetime) -> datetime | None:
    """When the rhythm next has something to do."""
    return await rhythm.next_time(after)
