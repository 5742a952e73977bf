"""Two `facilitator run` processes on one PostgreSQL: exactly one runs the timed jobs, and
when it is killed the other takes over within a minute (read from /metrics)."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path

import aiohttp
import pytest

from bench.fault_harness import LONDON, BotProcess, bot_processes, write_cohort_file
from tests.conftest import POSTGRES_URL
from tests.fakes.slack_api import FakeSlackAPI

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
LOCK_GAUGE = "facilitator_scheduler_lock_held "


async def holds_the_lock(bot: BotProcess) -> bool:
    url = f"http://127.0.0.1:{bot.port}/metrics"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        page = await response.text()
    [line] = [line for line in page.splitlines() if line.startswith(LOCK_GAUGE)]
    return float(line.removeprefix(LOCK_GAUGE)) == 1.0


async def leaders(bots: list[BotProcess], within: float) -> list[BotProcess]:
    """The processes that hold the lock, once exactly one does (or when time is up)."""
    deadline = time.monotonic() + within
    while True:
        holding = [bot for bot in bots if await holds_the_lock(bot)]
        if len(holding) == 1 or time.monotonic() > deadline:
            return holding
        await asyncio.sleep(0.5)


async def test_another_process_runs_the_jobs_within_a_minute_of_the_holder_dying(
    database_url: str, tmp_path: Path
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serves one process")
    cohort_file = tmp_path / "cohort.yml"
    write_cohort_file(cohort_file, 5, datetime.now(LONDON))
    async with FakeSlackAPI() as slack:
        bots = bot_processes(2, database_url, slack.url, cohort_file, tmp_path)
        await asyncio.gather(*(bot.start() for bot in bots))
        try:
            assert all(await asyncio.gather(*(bot.healthy() for bot in bots)))
            [holder] = await leaders(bots, within=30)
            holder.kill()
            killed_at = time.monotonic()
            [survivor] = [bot for bot in bots if bot is not holder]
            assert await leaders([survivor], within=60) == [survivor]
            took_over = time.monotonic() - killed_at
        finally:
            await asyncio.gather(*(bot.stop() for bot in bots))
    assert took_over < 60
