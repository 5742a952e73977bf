from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import make_engine
from storage.scheduler_lock import SchedulerLock


async def test_only_one_process_at_a_time_holds_the_scheduler_lock(
    engine: AsyncEngine, database_url: str
) -> None:
    other_process = make_engine(database_url)
    first, second = SchedulerLock(engine), SchedulerLock(other_process)
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
