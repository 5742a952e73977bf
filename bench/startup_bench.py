"""How long `facilitator run` takes to answer /healthz, and its memory, as the cohort grows.

Run `.venv/bin/python -m bench.startup_bench [--sizes 40 2000 10000] [--databases sqlite]`.
For each size it writes a cohort file (organisations of 500 seats; the file allows 1,000 at
most) whose course starts next Monday, starts a real `facilitator run` process in HTTP mode
against the fake Slack Web API on loopback, on a new database, and times it from the moment
the process is started until /healthz answers 200, noting the CPU time the process used
until then: on a machine whose cores are busy with other work, the time is longer than the
CPU time by as much as the process waited for a core. It then waits a few seconds (the
outbox sends welcomes meanwhile, at the default pace), reads the process's resident memory,
kills it, and starts it again on the same database and file: the second start has nothing
to add. Every start must leave exactly one welcome queued per leader. SQLite runs in a
temporary directory; PostgreSQL too when TEST_DATABASE_URL is set (that database is emptied
first, as the test suite does). The figures replace this benchmark's section of
bench/RESULTS.md.

The bot's own modules are compiled first, as a deployment has them (pip compiles what it
installs, the Docker image included): with PYTHONDONTWRITEBYTECODE set, an editable install
would otherwise compile them afresh at every start, a quarter of a second.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import platform
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bench.report_bench import empty_postgres
from bench.results import RESULTS, write_section
from storage.orm import DeliveryRow
from tests.fakes.slack_api import FakeSlackAPI

SIZES = (40, 2000, 10000)
DATABASES = ("sqlite", "postgresql")
PACKAGES = ("bot", "handlers", "scheduler", "storage")
SEATS = 500  # leaders per organisation
SETTLE = 5.0  # seconds after /healthz answers before memory is read
CURRICULUM = Path(__file__).parent.parent / "config" / "curriculum.sample.yml"
COORDINATOR = "U0COORD001"
BEGIN, END = "<!-- startup-bench -->", "<!-- /startup-bench -->"


@dataclass(frozen=True)
class Start:
    database: str
    leaders: int
    first: bool
    seconds: float  # from starting the process until /healthz answered 200
    cpu_seconds: float  # the CPU time the process used until then
    rss_mb: float  # resident memory SETTLE seconds later
    peak_mb: float  # the most it held until then
    welcomes: int  # welcome deliveries in the outbox after this start


def user_id(n: int) -> str:
    return f"U{n:09}"


def write_cohort_file(path: Path, leaders: int, start: date) -> None:
    """A cohort of `leaders`, their people Slack member ids, in organisations of 500."""
    lines = [
        "slug: startup-bench",
        "name: Start-up benchmark cohort",
        f"start_date: {start.isoformat()}",
        "default_pace: 6",
        "time_zone: Europe/London",
        "channels: {cohort: C0COHORT01, moderators: C0MODERAT1, coordinators: C0COORDIN1}",
        f"coordinators: [{{user: {COORDINATOR}, name: Sam Okafor}}]",
        "organisations:",
        *(
            f"  - {{id: org-{o}, name: Organisation {o}, seats: {SEATS}}}"
            for o in range(-(-leaders // SEATS))
        ),
        "participants:",
        *(
            f"  - {{user: {user_id(n)}, name: Leader {n:05}, org: org-{n // SEATS}, "
            f"seniority: director{', pace: 3' if n % 4 == 0 else ''}}}"
            for n in range(leaders)
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def next_monday() -> date:
    today = datetime.now(UTC).date()
    return today + timedelta(days=7 - today.weekday())


def environment(database_url: str, slack_url: str, cohort_file: Path, port: int) -> dict[str, str]:
    """A bot in HTTP mode on loopback, its Slack the fake."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_"))},
        "SLACK_BOT_TOKEN": "xoxb-startup-bench",
        "SLACK_SIGNING_SECRET": "startup-bench-signing-secret",
        "SLACK_API_URL": slack_url,
        "DATABASE_URL": database_url,
        "COHORT_FILE": str(cohort_file),
        "CURRICULUM_FILE": str(CURRICULUM),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """The CPU time the process has used, user and system (proc(5): /proc/pid/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> tuple[float, float]:
    """The process's resident and peak resident memory, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.split()
    return int(fields["VmRSS"][0]) / 1024, int(fields["VmHWM"][0]) / 1024


async def one_start(env: dict[str, str], log: Path) -> tuple[float, float, float, float]:
    """Start the bot, time it until /healthz answers, read its memory, stop it."""
    url = f"http://127.0.0.1:{env['PORT']}/healthz"
    with log.open("ab") as out:
        began = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, stdout=out, stderr=out
        )
    try:
        async with aiohttp.ClientSession() as session:
            while True:
                if process.returncode is not None:
                    raise RuntimeError(f"the bot stopped; see {log}")
                try:
                    async with session.get(url, timeout=aiohttp.ClientTimeout(total=1)) as r:
                        if r.status == 200:
                            break
                except (aiohttp.ClientError, TimeoutError):
                    pass
                await asyncio.sleep(0.02)
        seconds = time.perf_counter() - began
        cpu = cpu_seconds(process.pid)
        await asyncio.sleep(SETTLE)
        rss, peak = memory_mb(process.pid)
    finally:
        if process.returncode is None:
            # Killed, not asked to stop: a clean stop lets the outbox finish sending what
            # is due, which is every welcome (17 minutes for 10,000 at the default pace).
            process.send_signal(signal.SIGKILL)
        await process.wait()
    return seconds, cpu, rss, peak


async def welcomes(database_url: str) -> int:
    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            query = select(func.count()).where(DeliveryRow.key.startswith("welcome:"))
            return int(await connection.scalar(query) or 0)
    finally:
        await engine.dispose()


async def run(database: str, fresh_url: Sequence[str], sizes: Sequence[int]) -> list[Start]:
    """Two starts per size, each size on a new database (`fresh_url[i]`)."""
    starts: list[Start] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        async with FakeSlackAPI() as slack:
            slack.add_user(COORDINATOR, "Sam Okafor")
            for n in range(max(sizes)):
                slack.add_user(user_id(n), f"Leader {n:05}")
            for size, url in zip(sizes, fresh_url, strict=True):
                if url.startswith("postgresql"):
                    await empty_postgres(url)
                cohort_file = work / f"cohort-{size}.yml"
                write_cohort_file(cohort_file, size, next_monday())
                env = environment(url, slack.url, cohort_file, free_port())
                for first in (True, False):
                    seconds, cpu, rss, peak = await one_start(env, work / f"bot-{size}.log")
                    queued = await welcomes(url)
                    start = Start(database, size, first, seconds, cpu, rss, peak, queued)
                    starts.append(start)
                    print(_row(start), flush=True)
    return starts


def report(starts: Sequence[Start]) -> str:
    """This benchmark's section of bench/RESULTS.md."""
    lines = [
        BEGIN,
        "## Start-up",
        "",
        f"`python -m bench.startup_bench`, {datetime.now(UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()} on {platform.system()} {platform.machine()}. A real "
        "`facilitator run` in HTTP mode, its Slack the fake Web API on loopback; the cohort "
        f"file has organisations of {SEATS} seats and a course that starts next Monday. "
        "Time is from starting the process until /healthz answers, and CPU the CPU time the "
        "process used until then (less than the time when it waited for a core: the "
        "machine's cores are shared); memory is the "
        f"process's resident size {SETTLE:.0f} s later (the outbox sending welcomes), and "
        "the most it held until then. The first start is on a new database; the second on "
        "the same one, with nothing to add. The bot's modules are compiled beforehand, as "
        "a deployment has them.",
        "",
        "| database | leaders | start | until /healthz | CPU | memory | peak memory "
        "| welcomes queued |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
        *(_row(s) for s in starts),
        "",
        "Before the cohort file was synced in sets the same starts took 1.3 s with 40 "
        "leaders, 11.3 s (first) and 5.7 s (second) with 2,000, and 53 s and 28 s with "
        "10,000, with 110 to 165 MB. Before a new database was made without Alembic, the "
        'collector paused while starting and the other changes of docs/DESIGN.md ("Issue '
        '13: start-up time and memory at 10,000 leaders"), a first start with 10,000 took '
        "2.47 s (2.39 s of CPU) and 128 MB on SQLite and 2.63 s (2.11 s) and 122 MB on "
        "PostgreSQL, against 1.88 s (1.80 s) and 116 MB, and 2.15 s (1.64 s) and 117 MB "
        "after, measured in turn in the same conditions (medians of five). A "
        "start with 40 leaders is mostly Python loading its libraries; a first start with "
        "10,000 adds reading the file, making the schema and writing 30,000 rows (people, "
        "enrolments and welcomes), a second start only reading the file and a few queries.",
        END,
    ]
    return "\n".join(lines)


def _row(s: Start) -> str:
    return (
        f"| {s.database} | {s.leaders:,} | {'first' if s.first else 'second'} "
        f"| {s.seconds:.2f} s | {s.cpu_seconds:.2f} s | {s.rss_mb:.0f} MB | {s.peak_mb:.0f} MB "
        f"| {s.welcomes:,} |"
    )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--databases",
        nargs="+",
        choices=DATABASES,
        default=list(DATABASES),
        help="PostgreSQL runs only when TEST_DATABASE_URL is set",
    )
    return parser.parse_args()


def compile_modules() -> None:
    """Compile the bot's modules into __pycache__, as pip does when it installs them."""
    root = Path(__file__).parent.parent
    for package in PACKAGES:
        compileall.compile_dir(root / package, quiet=1)


async def main() -> int:
    arguments = _arguments()
    sizes = arguments.sizes
    compile_modules()
    starts: list[Start] = []
    if "sqlite" in arguments.databases:
        with tempfile.TemporaryDirectory() as folder:
            urls = [f"sqlite+aiosqlite:///{Path(folder) / f'startup-{n}.db'}" for n in sizes]
            starts += await run("SQLite", urls, sizes)
    postgres = os.environ.get("TEST_DATABASE_URL", "")
    if postgres and "postgresql" in arguments.databases:
        starts += await run("PostgreSQL", [postgres] * len(sizes), sizes)
    whole = sorted(sizes) == sorted(SIZES) and {s.database for s in starts} == {
        "SQLite",
        "PostgreSQL",
    }
    if whole:
        write_section(BEGIN, END, report(starts))
        print(f"Wrote {RESULTS}")
    else:  # a part of the benchmark would replace the whole section
        print(report(starts))
        print(f"Left {RESULTS} as it was: it takes every size on both databases")
    wrong = [s for s in starts if s.welcomes != s.leaders]
    for s in wrong:
        print(f"{s.database}, {s.leaders:,} leaders: {s.welcomes:,} welcomes queued")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
