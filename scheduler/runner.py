"""Run the planned jobs: on APScheduler in a live bot, on a moved clock in the console."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core.clock import ManualClock
from bot.core.services.bundle import Services
from scheduler.planner import Job, JobSpec
from storage.scheduler_lock import SchedulerLock

logger = logging.getLogger(__name__)

LOCK_RETRY_SECONDS = 60


class LiveRunner:
    """APScheduler for timed jobs, and a task that sends the outbox as soon as it fills.

    Every process sends what it queued itself (claims keep that safe), but only the
    process holding the scheduler lock runs timed jobs; the others keep asking for it.
    """

    def __init__(self, services: Services, specs: Sequence[JobSpec], lock: SchedulerLock) -> None:
        self._services = services
        self._specs = specs
        self._lock = lock
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._sender: asyncio.Task[None] | None = None
        self._leader: asyncio.Task[None] | None = None
        self._stopping = False
        self._running: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        self._sender = asyncio.create_task(self._send_when_woken())
        self._leader = asyncio.create_task(self._schedule_when_leader())

    async def _schedule_when_leader(self) -> None:
        while not await self._lock.try_acquire():
            logger.info("another process runs the scheduled jobs; asking again in a minute")
            await asyncio.sleep(LOCK_RETRY_SECONDS)
        for spec in self._specs:
            self._scheduler.add_job(
                self._tracked(spec.run),
                spec.trigger,
                args=[self._services],
                id=spec.id,
                replace_existing=True,
                coalesce=True,
                max_instances=1,
                # Run once at start too: what fell due while the bot was down goes now.
                next_run_time=datetime.now(UTC),
            )
        self._scheduler.start()

    def _tracked(self, job: Job) -> Job:
        """The job, noted while it runs, so that stopping can wait for it to finish."""

        async def run(services: Services) -> None:
            task = asyncio.current_task()
            assert task is not None
            self._running.add(task)
            try:
                await job(services)
            finally:
                self._running.discard(task)

        return run

    async def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        # A job half done would leave a message sent but unrecorded: let it finish.
        await asyncio.gather(*self._running, return_exceptions=True)
        if self._leader is not None:
            self._leader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._leader
            self._leader = None
        if self._sender is not None:
            # Let a send in progress finish and record itself rather than cut it off.
            self._stopping = True
            self._services.ctx.outbox_ready.set()
            await self._sender
            self._sender = None
        await self._lock.release()

    async def _send_when_woken(self) -> None:
        ready = self._services.ctx.outbox_ready
        while True:
            await ready.wait()
            ready.clear()
            if self._stopping:
                return
            try:
                await self._services.outbox.dispatch_due()
            except Exception:
                # The sweep job retries; the loop must outlive a database hiccup.
                logger.exception("sending the outbox failed")


class VirtualRunner:
    """Runs the same jobs against a ManualClock, for the console shell and tests."""

    def __init__(self, services: Services, specs: Sequence[JobSpec], clock: ManualClock) -> None:
        self._services = services
        self._specs = specs
        self._clock = clock

    async def advance_to(self, target: datetime) -> None:
        """Move time forward, stopping wherever a job has something to do."""
        while (stop := await self._next_stop(target)) is not None:
            self._clock.set(stop)
            await self._run_all()
        self._clock.set(target)
        await self._run_all()

    async def _run_all(self) -> None:
        for spec in sorted(self._specs, key=lambda s: s.sweep):
            await spec.run(self._services)

    async def _next_stop(self, target: datetime) -> datetime | None:
        now = self._clock.now()
        times = [await spec.next_time(self._services, now) for spec in self._specs]
        upcoming = [t for t in times if t is not None and now < t <= target]
        return min(upcoming, default=None)
