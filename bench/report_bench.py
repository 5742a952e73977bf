"""How the coordinators' report scales: time and SQL statements for 400 and 4,000 leaders.

Run `.venv/bin/python -m bench.report_bench`. It builds a cohort on SQLite in a temporary
directory (and on PostgreSQL when TEST_DATABASE_URL is set: that database is emptied
first, as the test suite does, and not analysed after, as a cohort loaded a minute ago
would not be), gives each leader random completions, and times `/cohort progress` while
counting the SQL statements it sends. The figures replace this
benchmark's section of bench/RESULTS.md.
"""

from __future__ import annotations

import asyncio
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Connection, MetaData, event
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bench.results import RESULTS, write_section
from bot.bootstrap import Core, CourseFiles, NoDirectory, bootstrap
from bot.config import load_settings
from bot.core.clock import ManualClock
from bot.core.model import (
    Actor,
    Cohort,
    CohortSetup,
    Completion,
    Enrolment,
    Organisation,
    Person,
    Role,
    Seniority,
    StaffSetup,
)
from bot.setup_files import load_curriculum
from storage.migrate import upgrade

SIZES = (400, 4000)
BATCH = 500  # people per transaction while building the cohort
RUNS = 5
PLATFORM = "slack"
COORDINATOR = "U0COORD001"
START = date(2027, 1, 11)
NOW = datetime(2027, 2, 3, 10, 0, tzinfo=UTC)  # Wednesday of week 4
BEGIN, END = "<!-- report-bench -->", "<!-- /report-bench -->"


@dataclass(frozen=True)
class Measure:
    database: str
    leaders: int
    completions: int
    statements: int
    median_ms: float


def cohort_setup(organisations: int = 33) -> CohortSetup:
    """A cohort the size of London: one organisation per borough, one coordinator."""
    cohort = Cohort("bench", "Benchmark cohort", START, 6, "Europe/London", None, None, "C0BENCH01")
    orgs = tuple(Organisation(f"org-{n:02}", f"Borough {n:02}", 200) for n in range(organisations))
    return CohortSetup(cohort, orgs, (StaffSetup(COORDINATOR, "Sam Okafor"),))


async def open_core(url: str) -> Core:
    """The bot's services on `url`, with the benchmark cohort set up."""
    settings = load_settings(_env_file=None, database_url=url)
    course = CourseFiles(load_curriculum(settings.curriculum_file), cohort_setup())
    core = bootstrap(settings, course, ManualClock(NOW), NoDirectory(), {})
    await core.services.setup.apply(course.cohort, PLATFORM)
    return core


async def add_leaders(core: Core, first: int, count: int, seed: int = 1) -> int:
    """Enrol `count` leaders with random completions through the repositories; returns them."""
    services = core.services
    modules = [m.id for m in services.curriculum.modules]
    rng = random.Random(seed + first)
    completions = 0
    for start in range(first, first + count, BATCH):
        async with services.ctx.uow() as uow:
            cohort = await uow.cohorts.find("bench")
            assert cohort is not None and cohort.id is not None
            for n in range(start, min(start + BATCH, first + count)):
                person = await uow.people.add(
                    Person(
                        PLATFORM,
                        f"U{n:09}",
                        f"Leader {n:05}",
                        f"org-{rng.randrange(33):02}",
                        rng.choice(list(Seniority)),
                    )
                )
                assert person.id is not None
                pace = rng.choice((3, 6, None))
                enrolment = await uow.enrolments.add(
                    Enrolment(cohort.id, person.id, Role.LEADER, pace, joined_at=NOW)
                )
                assert enrolment.id is not None
                for module in modules[: rng.randint(0, len(modules))]:
                    await uow.completions.add(Completion(enrolment.id, module, "bench", NOW))
                    completions += 1
            await uow.commit()
    return completions


async def measure(core: Core, database: str, leaders: int, completions: int) -> Measure:
    """Time `/cohort progress` and count the statements one run sends."""
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement)

    actor = Actor(PLATFORM, COORDINATOR)
    reports = core.services.reports
    await reports.progress(actor)  # warm the connection pool and statement caches
    timings = []
    for _ in range(RUNS):
        sent.clear()
        event.listen(core.engine.sync_engine, "before_cursor_execute", record)
        began = time.perf_counter()
        await reports.progress(actor)
        timings.append((time.perf_counter() - began) * 1000)
        event.remove(core.engine.sync_engine, "before_cursor_execute", record)
    return Measure(database, leaders, completions, len(sent), statistics.median(timings))


async def run(database: str, url: str, sizes: Sequence[int] = SIZES) -> list[Measure]:
    """Grow one cohort through `sizes`, measuring the report at each."""
    await upgrade(url)
    core = await open_core(url)
    measures: list[Measure] = []
    enrolled = completions = 0
    try:
        for size in sizes:
            completions += await add_leaders(core, enrolled, size - enrolled)
            enrolled = size
            measures.append(await measure(core, database, size, completions))
            print(_row(measures[-1]), flush=True)
    finally:
        await core.engine.dispose()
    return measures


async def empty_postgres(url: str) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_drop_every_table)
    finally:
        await engine.dispose()


def _drop_every_table(connection: Connection) -> None:
    tables = MetaData()
    tables.reflect(connection)
    tables.drop_all(connection)


def report(measures: Sequence[Measure]) -> str:
    """This benchmark's section of bench/RESULTS.md."""
    lines = [
        BEGIN,
        "## Coordinators' progress report",
        "",
        f"`python -m bench.report_bench`, {datetime.now(UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()} on {platform.system()} {platform.machine()}. One cohort "
        f"of 33 organisations grows from {SIZES[0]:,} to {SIZES[-1]:,} leaders, each with a "
        "random number of modules done; `/cohort progress` runs as the coordinator "
        f"(median of {RUNS} runs, statements counted with `before_cursor_execute`).",
        "",
        "| database | leaders | completions | SQL statements | median time |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(_row(m) for m in measures),
        "",
        "The statement count does not grow with the cohort: the coordinator's membership "
        "(3), the active leaders with their people and plans (1), one GROUP BY that folds "
        "each leader's completions into a bit per module (1), and the organisations (1). "
        "No completion is loaded: before, the report read all of them (64,000 at 4,000 "
        "leaders) and worked out each leader's standing in Python, 444 ms on SQLite.",
        END,
    ]
    return "\n".join(lines)


def _row(m: Measure) -> str:
    return (
        f"| {m.database} | {m.leaders:,} | {m.completions:,} | {m.statements} "
        f"| {m.median_ms:.0f} ms |"
    )


async def main() -> int:
    measures: list[Measure] = []
    with tempfile.TemporaryDirectory() as folder:
        measures += await run("SQLite", f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
    postgres = os.environ.get("TEST_DATABASE_URL", "")
    if postgres:
        await empty_postgres(postgres)
        measures += await run("PostgreSQL", postgres)
    write_section(BEGIN, END, report(measures))
    for database in {m.database for m in measures}:
        counts = {m.statements for m in measures if m.database == database}
        if len(counts) != 1:
            print(f"{database}: the statement count grew with the cohort: {sorted(counts)}")
            return 1
    print(f"Wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
