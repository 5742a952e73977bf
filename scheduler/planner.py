"""Which jobs run when: derived from settings and the database, never stored elsewhere."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.services.downloads import Downloads
from bot.core.services.outbox import Outbox
from bot.core.services.rhythm import RhythmService
from scheduler import jobs

Job = Callable[[], Awaitable[None]]
NextTime = Callable[[datetime], Awaitable[datetime | None]]


@dataclass(frozen=True)
class JobSpec:
    id: str
    # How a live bot runs it: a frequent check is cheap, since each run works out
    # from the database what is due and does nothing twice.
    trigger: BaseTrigger
    run: Job
    # How a moved clock finds the next moment worth stopping at, from the database.
    next_time: NextTime
    # A sweep runs at every stop of a moved clock, after the timed jobs.
    sweep: bool = False


def plan(
    outbox: Outbox,
    rhythm: RhythmService,
    outbox_poll_seconds: float,
    downloads: Downloads | None = None,
) -> list[JobSpec]:
    """Every job the bot runs, each with an explicit id and given the service it runs.

    The outbox sweep also deletes expired download files, when the bot keeps any.
    """

    async def run_rhythm() -> None:
        await jobs.run_rhythm(rhythm)

    async def next_rhythm(after: datetime) -> datetime | None:
        return await jobs.next_rhythm(rhythm, after)

    async def deliver_outbox() -> None:
        await jobs.deliver_outbox(outbox)
        if downloads is not None:
            await jobs.delete_expired_downloads(downloads)

    async def next_delivery(after: datetime) -> datetime | None:
        return await jobs.next_delivery(outbox, after)

    return [
        JobSpec("rhythm", CronTrigger(second=0), run_rhythm, next_rhythm),
        JobSpec(
            "outbox-sweep",
            IntervalTrigger(seconds=outbox_poll_seconds),
            deliver_outbox,
            next_delivery,
            sweep=True,
        ),
    ]
