"""How fast a reply in a question's thread reaches the other side.

Run `.venv/bin/python -m bench.relay_bench [--rounds 50]`. It serves the real app on
loopback with its live outbox sender, asks one question, and then, round after round,
posts a moderator's reply in the moderators' thread and the leader's follow-up in
their direct-message thread as signed Slack events. For each it times Slack's view:
the app's HTTP answer (the ack, which Slack wants within 3 seconds) and the moment
the relayed chat.postMessage reaches the fake Slack Web API. SQLite; the figures
replace this benchmark's section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.results import RESULTS, write_section
from bot.app import Bot, build_bot
from bot.bootstrap import read_course_files
from bot.config import load_settings
from bot.core.clock import ManualClock
from bot.core.model import DeliveryStatus
from handlers.slack.sender import CHANNEL_INTERVAL
from storage.migrate import upgrade
from tests.fakes.loopback import LoopbackServer
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SlackClient

LEADER, MODERATOR, MODERATORS = "U0LEADER01", "U0MODERAT1", "C0MODERATE1"
SECRET = "bench-signing-secret"
WEDNESDAY = datetime(2027, 1, 13, 10, 0, tzinfo=ZoneInfo("Europe/London"))
BEGIN, END = "<!-- relay-bench -->", "<!-- /relay-bench -->"
COHORT = f"""
slug: relay-bench
name: Relay benchmark
start_date: 2027-01-11
channels: {{cohort: C0COHORT01, moderators: {MODERATORS}, coordinators: C0COORDIN1}}
organisations: [{{id: camden, name: Camden Council, seats: 2}}]
participants: [{{user: {LEADER}, name: Amira Khan, org: camden, seniority: director}}]
"""


@dataclass(frozen=True)
class Timings:
    """Seconds, one per round."""

    ack: list[float]
    relay: list[float]


async def run(rounds: int) -> tuple[Timings, Timings]:
    """Time `rounds` replies each way: moderator to leader, then leader to moderators."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await upgrade(url)
        cohort_file = Path(folder) / "cohort.yml"
        cohort_file.write_text(COHORT, encoding="utf-8")
        async with FakeSlackAPI() as slack:
            slack.add_user(LEADER, "Amira Khan")
            slack.add_user(MODERATOR, "Fatima Ali")
            slack.add_channel(MODERATORS, "moderators", members=[MODERATOR], private=True)
            settings = load_settings(
                _env_file=None,
                slack_bot_token="xoxb-bench",
                slack_signing_secret=SECRET,
                slack_api_url=slack.url,
                database_url=url,
                cohort_file=cohort_file,
            )
            course = read_course_files(settings)
            bot = build_bot(settings, course, ManualClock(WEDNESDAY))
            await bot.core.services.setup.apply(course.cohort, "slack")
            bot.runner.start()
            try:
                async with LoopbackServer(bot.web) as server:
                    client = SlackClient(server.origin, SECRET, slack)
                    card, root = await ask(bot, client, slack)
                    down = await time_replies(
                        slack,
                        rounds,
                        lambda n: client.channel_message(
                            MODERATOR, MODERATORS, f"Answer {n}", thread_ts=card
                        ),
                        "D" + LEADER,
                    )
                    up = await time_replies(
                        slack,
                        rounds,
                        lambda n: client.direct_message(LEADER, f"Follow-up {n}", thread_ts=root),
                        MODERATORS,
                    )
            finally:
                await bot.runner.stop()
                await bot.core.engine.dispose()
            slack.assert_no_problems()
            return down, up


async def ask(bot: Bot, client: SlackClient, slack: FakeSlackAPI) -> tuple[str, str]:
    """Ask a question; the ts of the moderators' card and of the leader's thread, once sent."""
    await client.slash_command("/ask", "How do I choose a measure?", LEADER)
    keys = ("question:1", "question-asked:1")
    while True:
        async with bot.core.services.ctx.uow() as uow:
            sent = [await uow.deliveries.get(key) for key in keys]
        refs = [d.platform_ref for d in sent if d and d.status is DeliveryStatus.SENT]
        if len(refs) == 2 and all(refs):
            return str(refs[0]).split(":")[1], str(refs[1]).split(":")[1]
        await asyncio.sleep(0.01)


async def time_replies(
    slack: FakeSlackAPI, rounds: int, reply: Callable[[int], object], to: str
) -> Timings:
    acks, relays = [], []
    for n in range(rounds):
        # Slack allows one message a second in a channel, and the sender keeps to it:
        # space the rounds so that the wait is not counted as the relay's own time.
        await asyncio.sleep(CHANNEL_INTERVAL + 0.1)
        before = len(relayed(slack, to))
        began = time.perf_counter()
        answer = await reply(n)  # type: ignore[misc]
        acks.append(time.perf_counter() - began)
        assert answer.status == 200
        await slack.wait_until(lambda: len(relayed(slack, to)) > before, "the relay")  # noqa: B023
        relays.append(time.perf_counter() - began)
    return Timings(acks, relays)


def relayed(slack: FakeSlackAPI, channel: str) -> list[object]:
    """The bot's thread replies in a channel (resolving a user id to their DM)."""
    return [
        c
        for c in slack.calls_to("chat.postMessage")
        if c.response.get("channel") == channel and c.args.get("thread_ts")
    ]


def summary(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"{statistics.median(ms):.1f} / {p95:.1f} / {ms[-1]:.1f}"


def report(rounds: int, down: Timings, up: Timings) -> str:
    """This benchmark's section of bench/RESULTS.md."""
    return "\n".join(
        [
            BEGIN,
            "## Question relay latency",
            "",
            f"`python -m bench.relay_bench --rounds {rounds}`, {datetime.now(UTC):%Y-%m-%d}, "
            f"Python {platform.python_version()} on {platform.system()} {platform.machine()}. "
            "SQLite; the real app on loopback with its live outbox sender; signed events in, "
            "the fake Slack Web API out; rounds a second apart, as Slack allows one message "
            "a second in a channel. Milliseconds, median / 95th percentile / worst.",
            "",
            "| direction | ack (Slack wants < 3,000) | until the relay is posted |",
            "| --- | ---: | ---: |",
            f"| moderator's thread → leader's DM | {summary(down.ack)} | {summary(down.relay)} |",
            f"| leader's DM → moderators' thread | {summary(up.ack)} | {summary(up.relay)} |",
            END,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.relay_bench")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)
    down, up = asyncio.run(run(args.rounds))
    section = report(args.rounds, down, up)
    print(section)
    write_section(BEGIN, END, section)
    print(f"Wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
