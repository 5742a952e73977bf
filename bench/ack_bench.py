"""How fast a leader's `/checkin 1` is acknowledged and answered, next to a bare Bolt app.

Run `.venv/bin/python -m bench.ack_bench [--rounds 10] [--concurrency 50]` (a minute or
two a database). It starts the real bot (`facilitator run`, HTTP mode) and a bare Bolt
app (`bench.bare_bolt`), each in its own process on loopback, both answering through the
fake Slack Web API that runs here. It sends signed slash commands as Slack does: one at
a time, then in bursts of `--concurrency` at once, alternating between the two apps,
each request from a different leader, away from the minute mark; then one burst as a
minute begins, when the bot's minute job runs. For each it times the acknowledgement
(the app's HTTP answer, which Slack wants within 3 seconds), the reply (until the fake
receives the response_url post) and the CPU time each process spent. SQLite, and
PostgreSQL too when TEST_DATABASE_URL is set (that database is emptied first, as the
test suite does). The figures replace this benchmark's section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from bench.ack_load import Target, Timings, wait_until_quiet
from bench.report_bench import empty_postgres
from bench.results import RESULTS, write_section
from bench.served import Served, free_port
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes_selftest import bolt_app

SECRET = "bench-signing-secret"
CURRICULUM = str(Path(__file__).resolve().parent.parent / "config" / "curriculum.sample.yml")
SINGLES = 50  # requests one at a time, per app
COORDINATOR = "U0COORD001"
SEATS = 500  # a cohort file allows at most 1,000 seats in one organisation
BOT = ("-m", "bot", "run")  # `facilitator run`, with this Python
BEGIN, END = "<!-- ack-bench -->", "<!-- /ack-bench -->"
GOAL_ACK, GOAL_REPLY_MS = 1.5, 100


@dataclass(frozen=True)
class Run:
    database: str
    when: str  # how the requests came: one at a time, in bursts, at the minute mark
    bot: Timings
    bare: Timings

    @property
    def ratio(self) -> float:
        return self.bot.ack.p99 / self.bare.ack.p99


def user_id(n: int) -> str:
    return f"U{n:09}"


def cohort_file(leaders: int) -> str:
    """Organisations of 500 seats, enough for every leader; the course began this week."""
    today = datetime.now(UTC).date()
    monday = today.fromordinal(today.toordinal() - today.weekday())
    organisations = ", ".join(
        f"{{id: org-{n}, name: Borough {n}, seats: {SEATS}}}"
        for n in range(math.ceil(leaders / SEATS))
    )
    people = "\n".join(
        f"  - {{user: {user_id(n)}, name: Leader {n:05}, org: org-{n // SEATS}, "
        "seniority: director}"
        for n in range(leaders)
    )
    return (
        f"slug: ack-bench\nname: Acknowledgement benchmark\nstart_date: {monday}\n"
        "channels: {cohort: C0COHORT01, moderators: C0MODERATE1, coordinators: C0COORDIN1}\n"
        f"coordinators: [{{user: {COORDINATOR}, name: Sam Okafor}}]\n"
        f"organisations: [{organisations}]\n"
        f"participants:\n{people}\n"
    )


async def measure(database: str, url: str, rounds: int, concurrency: int) -> list[Run]:
    """Both apps, one at a time then in bursts, alternating so both meet the same load."""
    leaders = SINGLES + (rounds + 2) * concurrency
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        (here / "cohort.yml").write_text(cohort_file(leaders), encoding="utf-8")
        async with FakeSlackAPI() as slack:
            for n in range(leaders):
                slack.add_user(user_id(n), f"Leader {n:05}")
            slack.add_user(COORDINATOR, "Sam Okafor")
            slack.add_channel("C0COORDIN1", "coordinators")
            bot_port, bare_port = free_port(), free_port()
            bot_argv = [sys.executable, *BOT]
            bare_argv = [sys.executable, "-m", "bench.bare_bolt", str(bare_port), slack.url]
            log = here / "servers.log"
            async with (
                Served(bot_argv, bot_port, bot_env(slack, here, url, bot_port), log, here) as bot,
                Served(bare_argv, bare_port, {}, log, Path.cwd()) as bare,
                aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session,
            ):
                await wait_until_quiet(slack, leaders)  # the welcome messages
                apps = (
                    Target(bot.origin, "/checkin", SECRET, bot.pid),
                    Target(bare.origin, "/facilitator", bolt_app.SECRET, bare.pid),
                )
                crowds = [
                    [user_id(n) for n in range(first, first + size)]
                    for first, size in _crowds(rounds, concurrency)
                ]
                await alternate(session, slack, apps, crowds[:1])  # warm up: who the app is
                singles = await alternate(session, slack, apps, crowds[1 : SINGLES + 1])
                bursts = await alternate(session, slack, apps, crowds[SINGLES + 1 : -1])
                await minute_mark()
                marked = await alternate(session, slack, apps, crowds[-1:], away=False)
            slack.assert_no_problems()
    return [
        Run(database, "1 at a time", *singles),
        Run(database, f"{concurrency} at once", *bursts),
        Run(database, f"{concurrency} at once, at :00", *marked),
    ]


def _crowds(rounds: int, concurrency: int) -> list[tuple[int, int]]:
    """(first leader, size) of each crowd: a warm-up, the singles, the bursts, and one
    burst at the minute mark."""
    sizes = [concurrency] + [1] * SINGLES + [concurrency] * (rounds + 1)
    firsts = [sum(sizes[:n]) for n in range(len(sizes))]
    return list(zip(firsts, sizes, strict=True))


def bot_env(slack: FakeSlackAPI, here: Path, url: str, port: int) -> dict[str, str]:
    """`facilitator run` over HTTP, against the fake Slack, on SQLite in `here` or `url`."""
    return {
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.url,
        "SLACK_MESSAGES_PER_MINUTE": "60000",  # so that the welcome messages go quickly
        "DATABASE_URL": url or f"sqlite+aiosqlite:///{here / 'bench.db'}",
        "COHORT_FILE": str(here / "cohort.yml"),
        "CURRICULUM_FILE": CURRICULUM,
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }


async def alternate(
    session: aiohttp.ClientSession,
    slack: FakeSlackAPI,
    apps: tuple[Target, Target],
    crowds: list[list[str]],
    away: bool = True,
) -> tuple[Timings, Timings]:
    """Each crowd sends to one app, then (the same leaders) to the other; `away` from the
    minute mark, when the bot's minute job runs, unless told otherwise."""
    timings = (Timings(), Timings())
    for crowd in crowds:
        for app, timed in zip(apps, timings, strict=True):
            if away:
                await away_from_minute_mark()
            await timed.add(session, slack, app, crowd)
            await asyncio.sleep(0.2 if len(crowd) > 1 else 0.01)  # let the app settle
    return timings


async def away_from_minute_mark() -> None:
    """Out of the second before and the three after each minute's start."""
    second = time.time() % 60
    if second > 59 or second < 3:
        await asyncio.sleep((3 - second) % 60)


async def minute_mark() -> None:
    """Until a minute has just begun, as the bot's minute job (the weekly rhythm) starts."""
    await asyncio.sleep(60.05 - time.time() % 60)


def report(runs: list[Run], rounds: int, concurrency: int) -> str:
    """This benchmark's section of bench/RESULTS.md."""
    return "\n".join(
        [
            BEGIN,
            "## Acknowledging a slash command under load",
            "",
            f"`python -m bench.ack_bench --rounds {rounds} --concurrency {concurrency}`, "
            f"{datetime.now(UTC):%Y-%m-%d}, Python {platform.python_version()} on "
            f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs. The real bot "
            "(`facilitator run`, HTTP mode) and a bare Bolt app, each in its own process on "
            "loopback, answer signed `/checkin 1` slash commands from different leaders: "
            f"{SINGLES} one at a time, then {rounds} bursts of {concurrency} at once, "
            "alternating between the apps, away from the minute mark; then one burst just "
            "as a minute begins, when the bot's minute job (the weekly rhythm, over every "
            "leader) runs. The ack is the app's HTTP answer; the reply is the moment the "
            "fake Slack Web API receives the response_url post. Milliseconds, median / 99th "
            "percentile; CPU is the app process's CPU time per request, in milliseconds.",
            "",
            "| database | requests | bot ack | bare ack | bot / bare ack p99 | bot reply "
            "| bare reply | bot CPU | bare CPU |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            *(_row(run) for run in runs),
            "",
            f"Goals: at {concurrency} at once, the bot's ack p99 within {GOAL_ACK}x the bare "
            f"app's, and its reply p99 under {GOAL_REPLY_MS} ms.",
            END,
        ]
    )


def _row(run: Run) -> str:
    return (
        f"| {run.database} | {run.when} | {run.bot.ack} | {run.bare.ack} "
        f"| {run.ratio:.2f} | {run.bot.reply} | {run.bare.reply} "
        f"| {run.bot.cpu_ms_each:.1f} | {run.bare.cpu_ms_each:.1f} |"
    )


async def run_all(rounds: int, concurrency: int) -> list[Run]:
    runs = await measure("SQLite", "", rounds, concurrency)
    if postgres := os.environ.get("TEST_DATABASE_URL"):
        await empty_postgres(postgres)
        runs += await measure("PostgreSQL", postgres, rounds, concurrency)
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ack_bench")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args(argv)
    runs = asyncio.run(run_all(args.rounds, args.concurrency))
    for run in runs:
        print(_row(run))
    write_section(BEGIN, END, report(runs, args.rounds, args.concurrency))
    print(f"Wrote {RESULTS}")
    loaded = [run for run in runs if run.when == f"{args.concurrency} at once"]
    met = all(r.ratio <= GOAL_ACK and r.bot.reply.p99 < GOAL_REPLY_MS for r in loaded)
    if not met:
        print("Missed a goal (a busy machine?)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
