"""What the weekly rhythm's minute job costs as a cohort grows, and how long it holds the
event loop that answers people.

Run `.venv/bin/python -m bench.rhythm_bench`. It builds the report benchmark's cohort
(`bench.report_bench`: random completions, some leaders finished) on SQLite in a temporary
directory, and on PostgreSQL when TEST_DATABASE_URL is set (that database is emptied
first), and runs the minute job in week 4 of the course: at the Monday nudge time, when
it queues the week's nudges (and well-dones, for those who finished); on Wednesday,
when nothing new is due; and on Friday, once Thursday's reminders are queued (by a
minute not timed). Monday is one run; each quiet minute is the median of 5 runs. Beside
it, a task that asks for a turn of the loop every millisecond records the longest it
waited: what a person's request would wait while the job runs. The figures replace this
benchmark's section of bench/RESULTS.md.
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.report_bench import add_leaders, empty_postgres, open_core
from bench.results import write_section
from bot.bootstrap import Core
from bot.core.clock import ManualClock
from storage.migrate import upgrade

SIZES = (1000, 4000)
RUNS = 5
MONDAY_NUDGE = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)  # week 4, 09:00 in London
WEDNESDAY = datetime(2027, 2, 3, 10, 0, tzinfo=UTC)
FRIDAY = datetime(2027, 2, 5, 10, 0, tzinfo=UTC)  # after Thursday's 12:00 reminders
BEGIN, END = "<!-- rhythm-bench -->", "<!-- /rhythm-bench -->"


@dataclass(frozen=True)
class Timing:
    ms: float
    longest_wait_ms: float  # the longest a turn of the event loop waited meanwhile


@dataclass(frozen=True)
class Measure:
    database: str
    leaders: int
    moment: str
    timing: Timing


async def timed(work: Callable[[], Awaitable[None]]) -> Timing:
    """How long `work` takes, and the longest another task waited for the loop meanwhile."""
    longest = 0.0
    running = True

    async def ticker() -> None:
        nonlocal longest
        while running:
            asked = time.perf_counter()
            await asyncio.sleep(0.001)
            longest = max(longest, time.perf_counter() - asked - 0.001)

    ticking = asyncio.create_task(ticker())
    await asyncio.sleep(0.005)  # let the ticker start
    began = time.perf_counter()
    await work()
    took = time.perf_counter() - began
    running = False
    await ticking
    return Timing(took * 1000, longest * 1000)


async def quiet_minutes(core: Core, at: datetime) -> Timing:
    """The median of RUNS minute jobs at `at`, after one that queues what fell due."""
    clock = core.services.ctx.clock
    assert isinstance(clock, ManualClock)
    clock.set(at)
    await core.services.rhythm.run_due()
    timings = [await timed(core.services.rhythm.run_due) for _ in range(RUNS)]
    return Timing(
        statistics.median(t.ms for t in timings),
        statistics.median(t.longest_wait_ms for t in timings),
    )


async def measure(core: Core, database: str, leaders: int) -> list[Measure]:
    clock = core.services.ctx.clock
    assert isinstance(clock, ManualClock)
    clock.set(MONDAY_NUDGE)
    nudging = await timed(core.services.rhythm.run_due)
    return [
        Measure(database, leaders, "Monday 09:00, the nudges queued", nudging),
        Measure(database, leaders, "Wednesday, nothing due", await quiet_minutes(core, WEDNESDAY)),
        Measure(
            database, leaders, "Friday, after the reminders", await quiet_minutes(core, FRIDAY)
        ),
    ]


async def run(database: str, url: str, leaders: int) -> list[Measure]:
    """A new cohort of `leaders` on an empty database at `url`, measured."""
    await upgrade(url)
    core = await open_core(url)
    try:
        await add_leaders(core, 0, leaders)
        measures = await measure(core, database, leaders)
    finally:
        await core.engine.dispose()
    for m in measures:
        print(_row(m), flush=True)
    return measures


def report(measures: Sequence[Measure]) -> str:
    """This benchmark's section of bench/RESULTS.md."""
    lines = [
        BEGIN,
        "## The weekly rhythm's minute job",
        "",
        f"`python -m bench.rhythm_bench`, {datetime.now(UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs. The report benchmark's cohort (random completions) in week 4: "
        "the job at Monday's nudge time queues the week's nudges (and well-dones for "
        "those who finished); on Wednesday nothing new is due; on Friday Thursday's "
        "reminders are already queued (Monday one run, the quiet minutes the median of "
        f"{RUNS} runs each). The longest wait is the longest a task asking for a turn of "
        "the event loop every millisecond waited meanwhile: what a person's request waits.",
        "",
        "| database | leaders | minute | time | longest wait for the loop |",
        "| --- | ---: | --- | ---: | ---: |",
        *(_row(m) for m in measures),
        END,
    ]
    return "\n".join(lines)


def _row(m: Measure) -> str:
    return (
        f"| {m.database} | {m.leaders:,} | {m.moment} | {m.timing.ms:.0f} ms "
        f"| {m.timing.longest_wait_ms:.0f} ms |"
    )


async def main() -> int:
    measures: list[Measure] = []
    postgres = os.environ.get("TEST_DATABASE_URL", "")
    for leaders in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            sqlite = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
            measures += await run("SQLite", sqlite, leaders)
        if postgres:
            await empty_postgres(postgres)
            measures += await run("PostgreSQL", postgres, leaders)
    write_section(BEGIN, END, report(sorted(measures, key=lambda m: m.database != "SQLite")))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
