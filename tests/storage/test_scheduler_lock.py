import asyncio
from collections.abc import Callable
from datetime import datetime

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from scheduler.planner import JobSpec
from scheduler.runner import LiveRunner
from storage.engine import make_engine
from storage.scheduler_lock import SCHEDULER_LOCK_KEY, AdvisorySchedulerLock


async def test_only_one_process_at_a_time_holds_the_scheduler_lock(
    engine: AsyncEngine, database_url: str
) -> None:
    other_process = make_engine(database_url)
    first, second = AdvisorySchedulerLock(engine), AdvisorySchedulerLock(other_process)
    try:
        assert await first.try_acquire()
        if engine.dialect.name == "postgresql":
            assert not await second.try_acquire()
            await first.release()
            assert await second.try_acquire()
        else:
            assert await second.try_acquire()  # SQLite belongs to one process
    finally:
        await first.release()
        await second.release()
        await other_process.dispose()


async def until(condition: Callable[[], bool], seconds: float = 10) -> None:
    """Wait, in real time, for something the live runner does on its own."""
    async with asyncio.timeout(seconds):
        while True:
            if condition():
                return
            await asyncio.sleep(0.01)


class NoOutbox:
    """The runner's outbox, which these tests never wake."""

    async def dispatch_due(self) -> None:
        raise AssertionError("nothing woke the outbox")


class Heartbeats:
    """Counts the runner's heartbeats, and notes when its process leaves."""

    def __init__(self) -> None:
        self.beats = 0
        self.left = False

    async def beat(self) -> None:
        self.beats += 1

    async def leave(self) -> None:
        self.left = True


async def test_a_runner_beats_its_heartbeat_from_the_start_and_leaves_when_stopped(
    engine: AsyncEngine,
) -> None:
    heartbeats = Heartbeats()
    lock = AdvisorySchedulerLock(engine)
    runner = LiveRunner([], lock, NoOutbox(), asyncio.Event(), heartbeats, heartbeat_seconds=0.05)
    runner.start()
    try:
        await until(lambda: heartbeats.beats >= 3)
    finally:
        await runner.stop()
    assert heartbeats.left


async def test_a_runner_whose_lock_connection_drops_pauses_its_jobs_until_it_holds_the_lock_again(
    engine: AsyncEngine,
) -> None:
    runs: list[int] = []

    async def job() -> None:
        runs.append(1)

    async def never(_: datetime) -> None:
        return None

    # Jobs every 50 ms, the lock checked every 200 ms: real time, since APScheduler runs on it.
    spec = JobSpec("counting", IntervalTrigger(seconds=0.05), job, never)
    lock = AdvisorySchedulerLock(engine)
    runner = LiveRunner([spec], lock, NoOutbox(), asyncio.Event(), Heartbeats(), check_seconds=0.2)
    runner.start()
    try:
        await until(lambda: runner.leading and len(runs) >= 3)
        if engine.dialect.name != "postgresql":
            assert await lock.still_held()  # SQLite: the lock is always granted
            return
        async with engine.connect() as other_process:
            await take_the_lock_from_under(other_process)
            await until(lambda: not runner.leading)
            stopped_at = len(runs)
            await asyncio.sleep(0.5)  # several checks and job intervals
            assert not runner.leading
            assert len(runs) == stopped_at
            await other_process.scalar(text(f"SELECT pg_advisory_unlock({SCHEDULER_LOCK_KEY})"))
            await other_process.commit()
            await until(lambda: runner.leading and len(runs) > stopped_at + 2)
    finally:
        await runner.stop()


async def take_the_lock_from_under(other: AsyncConnection) -> None:
    """Kill the connection holding the scheduler lock, then hold the lock on `other`.

    The runner asks for the lock again as soon as it notices; on a busy machine it can
    win the race for it, so kill its new connection and try again.
    """
    for _ in range(20):
        killed = await other.scalar(
            text(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks "
                "WHERE locktype = 'advisory' AND objid = :key AND objsubid = 1"
            ),
            {"key": SCHEDULER_LOCK_KEY},
        )
        taken = await other.scalar(text(f"SELECT pg_try_advisory_lock({SCHEDULER_LOCK_KEY})"))
        await other.commit()
        if taken:
            return
        assert killed is not False
    raise AssertionError("the runner kept winning the lock back")
