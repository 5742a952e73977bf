"""Several `facilitator run` processes started at the same moment on one new PostgreSQL
database all come up: they take turns to migrate it and sync the cohort file."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bench.fault_harness import LONDON, bot_processes, empty_postgres, write_cohort_file
from storage.orm import CohortRow, EnrolmentRow
from tests.conftest import POSTGRES_URL
from tests.fakes.slack_api import FakeSlackAPI

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")


async def count(table: type[CohortRow] | type[EnrolmentRow]) -> int | None:
    engine = create_async_engine(POSTGRES_URL, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.scalar(select(func.count()).select_from(table))
    finally:
        await engine.dispose()


async def test_three_processes_started_together_on_an_empty_database_all_come_up(
    tmp_path: Path,
) -> None:
    await empty_postgres(POSTGRES_URL)
    cohort_file = tmp_path / "cohort.yml"
    write_cohort_file(cohort_file, 50, datetime.now(LONDON))
    async with FakeSlackAPI() as slack:
        bots = bot_processes(3, POSTGRES_URL, slack.url, cohort_file, tmp_path)
        await asyncio.gather(*(bot.start() for bot in bots))
        try:
            up = await asyncio.gather(*(bot.healthy() for bot in bots))
        finally:
            await asyncio.gather(*(bot.stop() for bot in bots))
    assert up == [True, True, True], "\n".join(bot.log_tail() for bot in bots)
    assert await count(CohortRow) == 1
    assert await count(EnrolmentRow) == 51  # 50 leaders and the coordinator
