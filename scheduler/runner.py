"""Run the planned jobs: on APScheduler in a live bot, on a moved clock in the console."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core.clock import ManualClock
from bot.core.ports import SchedulerLock
from bot.core.services.liveness import HEARTBEAT
from scheduler.planner import JobSpec

logger = logging.getLogger(__name__)

# A process waiting for the lock asks this often, so one takes over well within a minute
# of the holder dying; the holder checks its lock connection as often.
LOCK_CHECK_SECONDS = 20
HEARTBEAT_SECONDS = HEARTBEAT.total_seconds()


class Dispatcher(Protocol):
    """What sends the outbox: the runner calls it whenever it is woken."""

    async def dispatch_due(self) -> object: ...


class Heartbeat(Protocol):
    """How this process proves itself alive to the others (bot.core.services.liveness)."""

    async def beat(self) -> object: ...
    async def leave(self) -> None: ...


class LiveRunner:
    """APScheduler for timed jobs, and a task that sends the outbox as soon as it fills.

    Every process sends what it queued itself (claims keep that safe), but only the
    process holding the scheduler lock runs timed jobs; the others keep asking for it.
    The holder checks the lock every 20 seconds and before each job: a process that lost it
    pauses its jobs and asks again. Every process beats its heartbeat every few seconds,
    which also frees the claims of processes that died.
    """

    def __init__(
        self,
        specs: Sequence[JobSpec],
        lock: SchedulerLock,
        outbox: Dispatcher,
        outbox_ready: asyncio.Event,
        heartbeat: Heartbeat,
        check_seconds: float = LOCK_CHECK_SECONDS,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
    ) -> None:
        self._specs = specs
        self._heartbeat = heartbeat
        self._heartbeat_seconds = heartbeat_seconds
        self._beating: asyncio.Task[None] | None = None
        self._outbox = outbox
        self._outbox_ready = outbox_ready
        self._lock = lock
        self._check_seconds = check_seconds
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._sender: asyncio.Task[None] | None = None
        self._leader: asyncio.Task[None] | None = None
        self._stopping = False
        self._stopped = False
        self._leading = False
        self._checking = asyncio.Lock()
        self._one_at_a_time = {spec.id: asyncio.Lock() for spec in specs}
        self._running: set[asyncio.Task[None]] = set()

    @property
    def leading(self) -> bool:
        """Whether this process runs the timed jobs now."""
        return self._leading

    def start(self) -> None:
        self._beating = asyncio.create_task(self._beat())
        self._sender = asyncio.create_task(self._send_when_woken())
        self._leader = asyncio.create_task(self._lead())

    async def _beat(self) -> None:
        while True:
            try:
                await self._heartbeat.beat()
            except Exception:
                # Missed beats only make others think this process stopped; keep trying.
                logger.exception("cannot note this process's heartbeat")
            await asyncio.sleep(self._heartbeat_seconds)

    async def _lead(self) -> None:
        """Ask for the lock until granted; then check every so often that it is still held."""
        while True:
            await self._check_lock()
            await asyncio.sleep(self._check_seconds)

    async def _check_lock(self) -> bool:
        """Whether this process may run timed jobs; starts or pauses them to match."""
        async with self._checking:
            if self._stopped:
                return False
            try:
                if self._leading:
                    held = await self._lock.still_held()
                else:
                    held = await self._lock.try_acquire()
            except Exception:
                logger.exception("cannot check the scheduler lock")
                held = False
            if held and not self._leading:
                self._take_the_lead()
            elif not held and self._leading:
                logger.warning("lost the scheduler lock: timed jobs wait until it is held again")
                self._scheduler.pause()
                self._leading = False
            elif not held:
                logger.info("another process runs the scheduled jobs; asking again later")
            return held

    def _take_the_lead(self) -> None:
        for spec in self._specs:
            self._scheduler.add_job(
                self._run,
                spec.trigger,
                args=[spec],
                id=spec.id,
                replace_existing=True,
                coalesce=True,
                # A run while one is in progress returns at once (see _run), rather than
                # APScheduler warning every second that it skipped one.
                max_instances=2,
            )
        if self._scheduler.running:
            self._scheduler.resume()
        else:
            self._scheduler.start()
        self._leading = True
        # Run each job once now too: what fell due while no process ran them goes now.
        for spec in self._specs:
            task = asyncio.create_task(self._run(spec))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _run(self, spec: JobSpec) -> None:
        """Run a job if the lock is still held, one run of it at a time, noted while it
        runs so that stopping can wait for it to finish."""
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        try:
            one_at_a_time = self._one_at_a_time[spec.id]
            if one_at_a_time.locked():
                return  # the run in progress does what this one would
            async with one_at_a_time:
                if await self._check_lock():
                    await spec.run()
        except Exception:
            # Logged here, since the run at start is not APScheduler's; the next run retries.
            logger.exception("the %s job failed", spec.id)
        finally:
            self._running.discard(task)

    async def stop(self) -> None:
        self._stopped = True
        if self._leader is not None:
            self._leader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._leader
            self._leader = None
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        # A job half done would leave a message sent but unrecorded: let it finish.
        await asyncio.gather(*self._running, return_exceptions=True)
        if self._sender is not None:
            # Let a send in progress finish and record itself rather than cut it off.
            self._stopping = True
            self._outbox_ready.set()
            await self._sender
            self._sender = None
        if self._beating is not None:
            self._beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beating
            self._beating = None
            with contextlib.suppress(Exception):
                await self._heartbeat.leave()
        await self._lock.release()

    async def _send_when_woken(self) -> None:
        ready = self._outbox_ready
        while True:
            await ready.wait()
            ready.clear()
            if self._stopping:
                return
            try:
                await self._outbox.dispatch_due()
            except Exception:
                # The sweep job retries; the loop must outlive a database hiccup.
                logger.exception("sending the outbox failed")


class VirtualRunner:
    """Runs the same jobs against a ManualClock, for the console shell and tests."""

    def __init__(self, specs: Sequence[JobSpec], clock: ManualClock) -> None:
        self._specs = specs
        self._clock = clock

    async def run_now(self) -> None:
        """Run every job at the clock's moment, as the live bot does at start and every
        minute: a message due at this moment is due, not missed."""
        await self._run_all()

    async def advance_to(self, target: datetime) -> None:
        """Move time forward, stopping wherever a job has something to do."""
        while (stop := await self._next_stop(target)) is not None:
            self._clock.set(stop)
            await self._run_all()
        self._clock.set(target)
        await self._run_all()

    async def _run_all(self) -> None:
        for spec in sorted(self._specs, key=lambda s: s.sweep):
            await spec.run()

    async def _next_stop(self, target: datetime) -> datetime | None:
        now = self._clock.now()
        times = [await spec.next_time(now) for spec in self._specs]
        upcoming = [t for t in times if t is not None and now < t <= target]
        return min(upcoming, default=None)
