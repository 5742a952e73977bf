"""How fast the weekly nudge reaches every leader within Microsoft Teams' rate limits.

Run `.venv/bin/python -m bench.teams_fanout_bench [--leaders 2000] [--per-second 20]`. It
builds the real app (`bot.app.build_bot`) with Teams in anonymous test mode and no Slack,
on SQLite in a temporary directory, and starts the fake Bot Connector on loopback, in a
process of its own, with Teams' limits on (per conversation 7 a second, 8 in 2 s, 60 in
30 s; 50 requests a second for the app). Checking a card against the Adaptive Card schema
costs the fake about 80 ms, which would slow the bot in its process and the fake below the
pace in its own, so it checks every 50th card (every request still gets its other checks:
size, mentions). The leaders are enrolled through the repositories (so no welcome
messages); then each one installs the app: a personal `conversationUpdate` is posted to the bot's
`/api/messages`, and the bot stores that conversation reference as it would in
production. At Monday 09:00 of week 1 the rhythm queues one nudge per leader; the outbox
then sends them in real time, paced by the Teams sender's real pacer at
`TEAMS_MESSAGES_PER_SECOND` (`--per-second`). The figures replace this benchmark's
section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import multiprocessing
import platform
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

from bench.results import RESULTS, write_section
from bot.app import Bot, build_bot
from bot.bootstrap import CourseFiles
from bot.config import load_settings
from bot.core.clock import ManualClock
from bot.core.model import Cohort, CohortSetup, Enrolment, Organisation, Person, Role
from bot.core.outgoing import Address
from bot.core.services.outbox import Outbox
from bot.setup_files import load_curriculum
from storage.migrate import upgrade
from tests.fakes.loopback import LoopbackServer
from tests.fakes.teams import (
    FakeTeamsConnector,
    IncomingActivities,
    TeamsPerson,
    TeamsRateLimits,
    checks,
)
from tests.fakes.teams.people import personal_conversation_id

PLATFORM = "teams"
START = date(2027, 1, 11)  # a Monday: week 1
NUDGE_TIME = datetime(2027, 1, 11, 9, 0, tzinfo=ZoneInfo("Europe/London"))
BATCH = 500  # leaders per transaction while enrolling
INSTALLING = 8  # install activities posted at once
CHECK_EVERY = 50  # the fake checks every 50th card against the schema
BEGIN, END = "<!-- teams-fanout-bench -->", "<!-- /teams-fanout-bench -->"


@dataclass(frozen=True)
class Figures:
    leaders: int
    per_second: float
    seconds: float
    minimum: float
    install_seconds: float
    rate_limited: int
    duplicates: int
    lost: int
    sends: int
    problems: int
    not_installed: int  # installs whose reference the bot did not store
    peak_memory_mb: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.minimum


def person(n: int) -> TeamsPerson:
    return TeamsPerson(f"29:leader-{n:05}", f"Leader {n:05}")


def cohort_setup(leaders: int) -> CohortSetup:
    cohort = Cohort("bench", "Benchmark cohort", START, 6, "Europe/London")
    return CohortSetup(cohort, (Organisation("camden", "Camden Council", leaders),))


async def enrol(bot: Bot, setup: CohortSetup, leaders: int) -> None:
    """The cohort on Teams, and its leaders added through the repositories (no welcomes)."""
    await bot.core.services.setup.apply(setup, PLATFORM)
    for first in range(0, leaders, BATCH):
        async with bot.core.services.ctx.uow() as uow:
            stored = await uow.cohorts.find("bench")
            assert stored is not None and stored.id is not None
            for n in range(first, min(first + BATCH, leaders)):
                leader = person(n)
                added = await uow.people.add(Person(PLATFORM, leader.id, leader.name))
                assert added.id is not None
                await uow.enrolments.add(Enrolment(stored.id, added.id, Role.LEADER))
            await uow.commit()


async def install(origin: str, incoming: IncomingActivities, leaders: int) -> None:
    """Each leader adds the app for themselves: Teams posts a personal conversationUpdate."""
    numbers = iter(range(leaders))

    async def post_some(session: aiohttp.ClientSession) -> None:
        for n in numbers:
            activity = incoming.personal_install(person(n))
            async with session.post(f"{origin}/api/messages", json=activity) as response:
                if response.status not in (200, 202):
                    raise RuntimeError(f"install {n}: HTTP {response.status}")

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(post_some(session) for _ in range(INSTALLING)))


async def send_until_done(outbox: Outbox, clock: ManualClock) -> None:
    """Send the outbox in real time, moving the bot's clock along so retries fall due."""
    began = time.monotonic()
    while True:
        clock.set(NUDGE_TIME + timedelta(seconds=time.monotonic() - began))
        await outbox.dispatch_due()
        next_due = await outbox.next_due()
        if next_due is None:
            return
        await asyncio.sleep(min(1.0, max(0.0, (next_due - clock.now()).total_seconds())))


@dataclass(frozen=True)
class Seen:
    """What the fake connector saw, sent back from its process."""

    received: Counter[str]  # activities accepted, by conversation
    cards: Counter[tuple[str, str]]  # the same, by conversation and card
    throttled: int
    sends: int
    problems: tuple[str, ...]


def serve_connector(pipe: Connection) -> None:
    """The fake Bot Connector's process: tell the bot its address, then what it saw."""
    checks.card_problems = sampled(checks.card_problems)  # type: ignore[assignment]
    asyncio.run(_serve_connector(pipe))


def sampled(check: Callable[[Any], list[str]]) -> Callable[[Any], list[str]]:
    """The schema check on every 50th card (the first included), not on all."""
    seen = itertools.count()

    def check_some(card: Any) -> list[str]:
        return check(card) if next(seen) % CHECK_EVERY == 0 else []

    return check_some


async def _serve_connector(pipe: Connection) -> None:
    async with FakeTeamsConnector(rate_limits=TeamsRateLimits()) as teams:
        pipe.send(teams.url)
        await asyncio.to_thread(pipe.recv)  # the bot has finished
        sends = teams.calls_to("send_to_conversation")
        accepted = [call for call in sends if call.ok]
        pipe.send(
            Seen(
                received=Counter(str(call.conversation_id) for call in accepted),
                cards=Counter(
                    (str(call.conversation_id), json.dumps(call.body.get("attachments")))
                    for call in accepted
                ),
                throttled=teams.throttled,
                sends=len(sends),
                problems=tuple(teams.problems),
            )
        )


def count(
    seen: Seen, leaders: int, per_second: float, timing: Timing, not_installed: int
) -> Figures:
    """The figures from what the connector saw, and who got no message."""
    return Figures(
        leaders=leaders,
        per_second=per_second,
        seconds=timing.seconds,
        minimum=leaders / per_second,
        install_seconds=timing.installs,
        rate_limited=seen.throttled,
        # A duplicate: the same card twice in one conversation (a key sent twice).
        duplicates=sum(n - 1 for n in seen.cards.values()),
        lost=sum(
            1 for n in range(leaders) if personal_conversation_id(person(n).id) not in seen.received
        ),
        sends=seen.sends,
        problems=len(seen.problems),
        not_installed=not_installed,
        peak_memory_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


async def run(leaders: int, per_second: float) -> Figures:
    """Enrol, install, queue the week's nudges at 09:00 on Monday, and time sending them all."""
    pipe, child_end = multiprocessing.get_context("spawn").Pipe()
    connector = multiprocessing.get_context("spawn").Process(
        target=serve_connector, args=(child_end,), daemon=True
    )
    connector.start()
    try:
        service_url: str = await asyncio.to_thread(pipe.recv)
        timing, not_installed = await send_week(leaders, per_second, service_url)
        pipe.send("done")
        seen: Seen = await asyncio.to_thread(pipe.recv)
    finally:
        connector.join(timeout=10)
        if connector.is_alive():
            connector.kill()
    for problem in seen.problems[:10]:
        print(f"problem: {problem}", file=sys.stderr)
    return count(seen, leaders, per_second, timing, not_installed)


@dataclass(frozen=True)
class Timing:
    seconds: float  # sending the nudges
    installs: float  # posting the installs


async def send_week(leaders: int, per_second: float, service_url: str) -> tuple[Timing, int]:
    """The bot's side: how long it took, and how many installs it did not store."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await upgrade(url)
        settings = load_settings(
            _env_file=None,
            teams_allow_anonymous=True,
            database_url=url,
            teams_messages_per_second=per_second,
            outbox_poll_seconds=3600,
        )
        course = CourseFiles(load_curriculum(settings.curriculum_file), cohort_setup(leaders))
        clock = ManualClock(NUDGE_TIME - timedelta(minutes=5))
        bot = build_bot(settings, course, clock)  # the real pacer, on monotonic time
        try:
            await enrol(bot, course.cohort, leaders)
            async with LoopbackServer(bot.web) as server:
                began = time.monotonic()
                await install(server.origin, IncomingActivities(service_url), leaders)
                installs = time.monotonic() - began
                everyone = [Address.person(PLATFORM, person(n).id) for n in range(leaders)]
                reach = bot.core.services.reach
                not_installed = sum([await reach.reference(a) is None for a in everyone])
                clock.set(NUDGE_TIME)
                await bot.core.services.rhythm.run_due()
                began = time.monotonic()
                await send_until_done(bot.core.services.outbox, clock)
                return Timing(time.monotonic() - began, installs), not_installed
        finally:
            await bot.core.engine.dispose()


def report(f: Figures) -> str:
    """This benchmark's section of bench/RESULTS.md."""
    return "\n".join(
        [
            BEGIN,
            "## Weekly nudge fan-out on Microsoft Teams",
            "",
            f"`python -m bench.teams_fanout_bench --leaders {f.leaders} "
            f"--per-second {f.per_second:g}`, {datetime.now(UTC):%Y-%m-%d}, Python "
            f"{platform.python_version()} on {platform.system()} {platform.machine()}. "
            "SQLite; the real app with Teams in anonymous test mode and no Slack; the fake Bot "
            "Connector on loopback, in its own process, enforces Teams' limits (per "
            "conversation 7 a second, 8 in 2 s, 60 in 30 s; 50 requests a second for the app), "
            "checks every request's size and mentions, and every 50th card against the "
            "Adaptive Card 1.5 schema (at 80 ms a card, checking all would slow it below the "
            "pace). Each leader's conversation "
            "reference was stored by posting their personal install (`conversationUpdate`) to "
            f"`/api/messages` ({f.install_seconds:.1f} s for all, not counted below). The "
            "outbox sends with 8 workers, paced by the Teams sender's pacer at "
            "`TEAMS_MESSAGES_PER_SECOND`.",
            "",
            "| figure | value |",
            "| --- | ---: |",
            *(f"| {name} | {value} |" for name, value in rows(f)),
            "",
            "The minimum is the leaders divided by the pace: each leader's one-to-one chat "
            "gets one message, so the per-conversation limits add nothing. At the default "
            "pace of 20 a second the bot uses 40% of the app's 50 requests a second, leaving "
            "room for replies to people and card actions while a nudge goes out. Each "
            "proactive send is one request; in anonymous mode no token is fetched, while "
            "signed in the SDK asks MSAL for one, which it caches. Memory is the peak "
            "resident size of the bot's process (the fake connector runs in another).",
            *lost_installs(f),
            END,
        ]
    )


def lost_installs(f: Figures) -> list[str]:
    """Why some leaders had no message, when it was their install that was lost."""
    if not f.not_installed:
        return []
    return [
        "",
        f"{f.not_installed} of the installs (posted 8 at once) failed in the bot with SQLite's "
        '"database is locked" while storing the reference; the turn\'s error handler logged '
        "it and Teams was answered 202, so Teams would not send it again. Those leaders "
        "cannot be reached until they write to the bot, and their nudge failed as "
        "unreachable: they are the leaders without a message. That is a fault of the bot on "
        "SQLite under concurrent installs, not of the fan-out.",
    ]


def rows(f: Figures) -> list[tuple[str, str]]:
    return [
        ("leaders", f"{f.leaders:,}"),
        ("pace (TEAMS_MESSAGES_PER_SECOND)", f"{f.per_second:g} messages a second"),
        ("wall time", f"{f.seconds:.1f} s"),
        ("theoretical minimum", f"{f.minimum:.1f} s"),
        ("wall time / minimum", f"{f.ratio:.3f}"),
        ("429 answers", str(f.rate_limited)),
        ("sends (with any refused)", f"{f.sends:,}"),
        ("duplicates", str(f.duplicates)),
        ("installs the bot did not store", str(f.not_installed)),
        ("leaders without a message", str(f.lost)),
        ("requests failing the fake's checks", str(f.problems)),
        ("peak memory", f"{f.peak_memory_mb:.0f} MB"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.teams_fanout_bench")
    parser.add_argument("--leaders", type=int, default=2000)
    parser.add_argument("--per-second", type=float, default=20.0)
    args = parser.parse_args(argv)
    # The SDK warns on every turn that anonymous test mode has no app id.
    logging.getLogger("microsoft_agents").setLevel(logging.ERROR)
    figures = asyncio.run(run(args.leaders, args.per_second))
    for name, value in rows(figures):
        print(f"{name:>32}: {value}")
    write_section(BEGIN, END, report(figures))
    print(f"Wrote {RESULTS}")
    if figures.ratio > 1.1:
        print("Slower than the target of 10% over the minimum (a busy machine?)")
    unexplained = figures.lost - figures.not_installed
    return 0 if figures.duplicates == unexplained == figures.problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
