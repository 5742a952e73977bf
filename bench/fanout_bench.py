"""How fast the weekly nudge reaches every leader within Slack's rate limits.

Run `.venv/bin/python -m bench.fanout_bench [--leaders 2000] [--per-minute 6000]`. It
enrols the leaders on SQLite in a temporary directory, starts the fake Slack Web API with
Slack's limits on (one message a second per channel, `--per-minute` across the workspace,
50 conversations.open a minute), and points the bot's real sender and AsyncWebClient at
it, paced for the same workspace limit. At Monday 09:00 of week 1 the rhythm queues one
nudge per leader; the outbox is then sent until nothing waits, in real time. The figures
replace this benchmark's section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.results import RESULTS, write_section
from bot.app import Bot, build_bot
from bot.bootstrap import CourseFiles
from bot.config import load_settings
from bot.core.clock import ManualClock
from bot.core.model import Cohort, CohortSetup, Enrolment, Organisation, Person, Role
from bot.core.services.outbox import Outbox
from bot.setup_files import load_curriculum
from handlers.slack.sender import CHANNEL_INTERVAL
from storage.migrate import upgrade
from tests.fakes.rate_limits import RateLimits
from tests.fakes.slack_api import FakeSlackAPI

START = date(2027, 1, 11)  # a Monday: week 1
NUDGE_TIME = datetime(2027, 1, 11, 9, 0, tzinfo=ZoneInfo("Europe/London"))
BATCH = 500  # leaders per transaction while enrolling
BEGIN, END = "<!-- fanout-bench -->", "<!-- /fanout-bench -->"


@dataclass(frozen=True)
class Figures:
    leaders: int
    per_minute: int
    seconds: float
    minimum: float
    rate_limited: int
    duplicates: int
    lost: int
    opened: int

    @property
    def ratio(self) -> float:
        return self.seconds / self.minimum


def user_id(n: int) -> str:
    return f"U{n:09}"


def cohort_setup(leaders: int) -> CohortSetup:
    cohort = Cohort("bench", "Benchmark cohort", START, 6, "Europe/London")
    return CohortSetup(cohort, (Organisation("camden", "Camden Council", leaders),))


async def enrol(bot: Bot, setup: CohortSetup, leaders: int) -> None:
    """The cohort, and its leaders added through the repositories (so no welcome messages)."""
    await bot.core.services.setup.apply(setup, "slack")
    for first in range(0, leaders, BATCH):
        async with bot.core.services.ctx.uow() as uow:
            stored = await uow.cohorts.find("bench")
            assert stored is not None and stored.id is not None
            for n in range(first, min(first + BATCH, leaders)):
                person = await uow.people.add(Person("slack", user_id(n), f"Leader {n:05}"))
                assert person.id is not None
                await uow.enrolments.add(Enrolment(stored.id, person.id, Role.LEADER))
            await uow.commit()


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


def count(slack: FakeSlackAPI, leaders: int, per_minute: int, seconds: float) -> Figures:
    """What Slack saw: messages accepted per DM channel, 429s, and conversations opened."""
    posts = slack.calls_to("chat.postMessage")
    received = Counter(call.response["channel"] for call in posts if call.ok)
    busiest = max(received.values(), default=1)
    return Figures(
        leaders=leaders,
        per_minute=per_minute,
        seconds=seconds,
        minimum=max(leaders * 60 / per_minute, (busiest - 1) * CHANNEL_INTERVAL),
        rate_limited=sum(call.status == 429 for call in posts),
        duplicates=sum(n - 1 for n in received.values()),
        lost=sum(1 for n in range(leaders) if "D" + user_id(n) not in received),
        opened=len(slack.calls_to("conversations.open")),
    )


async def run(leaders: int, per_minute: int) -> Figures:
    """Enrol, queue the week's nudges at 09:00 on Monday, and time sending them all."""
    limits = RateLimits(messages_per_minute=per_minute)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await upgrade(url)
        async with FakeSlackAPI(rate_limits=limits) as slack:
            for n in range(leaders):
                slack.add_user(user_id(n), f"Leader {n:05}")
            settings = load_settings(
                _env_file=None,
                slack_bot_token="xoxb-bench",
                slack_signing_secret="bench",
                slack_api_url=slack.url,
                database_url=url,
                slack_messages_per_minute=per_minute,
            )
            course = CourseFiles(load_curriculum(settings.curriculum_file), cohort_setup(leaders))
            clock = ManualClock(NUDGE_TIME)
            bot = build_bot(settings, course, clock)
            try:
                await enrol(bot, course.cohort, leaders)
                await bot.core.services.rhythm.run_due()
                began = time.monotonic()
                await send_until_done(bot.core.services.outbox, clock)
                seconds = time.monotonic() - began
            finally:
                await bot.core.engine.dispose()
            slack.assert_no_problems()
            return count(slack, leaders, per_minute, seconds)


def report(f: Figures) -> str:
    """This benchmark's section of bench/RESULTS.md."""
    return "\n".join(
        [
            BEGIN,
            "## Weekly nudge fan-out",
            "",
            f"`python -m bench.fanout_bench --leaders {f.leaders} --per-minute {f.per_minute}`, "
            f"{datetime.now(UTC):%Y-%m-%d}, Python {platform.python_version()} on "
            f"{platform.system()} {platform.machine()}. SQLite; the fake Slack Web API on "
            "loopback enforces one message a second per channel, the workspace limit a minute "
            "(sliding) and 50 conversations.open a minute; the bot paces for the same limit "
            "and sends with 8 workers.",
            "",
            "| figure | value |",
            "| --- | ---: |",
            *(f"| {name} | {value} |" for name, value in rows(f)),
            "",
            "The minimum is the leaders divided by the workspace limit (each leader's DM "
            "gets one message, so the per-channel limit adds nothing). Opening each DM with "
            "conversations.open first, as the sender did before, would have taken "
            f"{f.leaders / 50:.0f} minutes at Tier 3's 50 a minute.",
            END,
        ]
    )


def rows(f: Figures) -> list[tuple[str, str]]:
    return [
        ("leaders", f"{f.leaders:,}"),
        ("workspace limit", f"{f.per_minute:,} messages a minute"),
        ("wall time", f"{f.seconds:.1f} s"),
        ("theoretical minimum", f"{f.minimum:.1f} s"),
        ("wall time / minimum", f"{f.ratio:.3f}"),
        ("429 answers", str(f.rate_limited)),
        ("duplicates", str(f.duplicates)),
        ("leaders without a message", str(f.lost)),
        ("conversations.open calls", str(f.opened)),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout_bench")
    parser.add_argument("--leaders", type=int, default=2000)
    parser.add_argument("--per-minute", type=int, default=6000)
    args = parser.parse_args(argv)
    figures = asyncio.run(run(args.leaders, args.per_minute))
    for name, value in rows(figures):
        print(f"{name:>28}: {value}")
    write_section(BEGIN, END, report(figures))
    print(f"Wrote {RESULTS}")
    if figures.ratio > 1.1:
        print("Slower than the target of 10% over the minimum (a busy machine?)")
    return 0 if figures.duplicates == figures.lost == figures.opened == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
