"""The weekly nudge to several leaders against Slack's rate limits: each arrives once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from bot.app import Bot, build_bot
from bot.bootstrap import read_course_files
from bot.config import load_settings
from bot.core.clock import ManualClock
from bot.core.model import DeliveryStatus
from bot.core.pacing import Pacer
from handlers.slack.sender import CHANNEL_INTERVAL
from tests.fakes.rate_limits import RateLimits, VirtualTime
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import LONDON, SAM

MONDAY_WEEK_ONE = datetime(2027, 1, 11, 9, 0, tzinfo=LONDON)
LEADERS = [f"U0LEADER{n:02d}" for n in range(1, 7)]


@dataclass
class Weekly:
    bot: Bot
    api: FakeSlackAPI
    clock: ManualClock

    async def send_until_done(self) -> None:
        """Send, then move the clock to each retry's time, until nothing waits."""
        outbox = self.bot.core.services.outbox
        for _ in range(50):
            await outbox.dispatch_due()
            if (next_due := await outbox.next_due()) is None:
                return
            self.clock.set(max(self.clock.now(), next_due))
        raise AssertionError("the outbox never emptied")

    def received(self) -> list[tuple[str, str]]:
        """(channel, "welcome" or "nudge") of each message Slack accepted, in order."""
        return [
            (c.response["channel"], "welcome" if "Welcome" in c.args["text"] else "nudge")
            for c in self.api.calls_to("chat.postMessage")
            if c.ok
        ]

    def refusals(self) -> int:
        return sum(call.status == 429 for call in self.api.calls_to("chat.postMessage"))


def cohort_file(leaders: list[str]) -> str:
    people = "".join(
        f"  - {{user: {user}, name: Leader {n}, org: camden, seniority: director}}\n"
        for n, user in enumerate(leaders, start=1)
    )
    return (
        "slug: paced\nname: Paced cohort\nstart_date: 2027-01-11\ndefault_pace: 6\n"
        f"coordinators: [{{user: {SAM}, name: Sam Okafor}}]\n"
        "organisations: [{id: camden, name: Camden Council, seats: 10}]\n"
        f"participants:\n{people}"
    )


WeeklyFactory = Callable[[RateLimits], Awaitable[Weekly]]


@pytest.fixture
async def weekly(
    database_url: str, fake_slack: FakeSlackAPI, tmp_path: Path
) -> AsyncIterator[WeeklyFactory]:
    """Monday 09:00 of week 1: six leaders enrolled, welcomes and nudges queued, none sent."""
    bots: list[Bot] = []

    async def start(limits: RateLimits) -> Weekly:
        for n, user in enumerate([SAM, *LEADERS]):
            fake_slack.add_user(user, f"Person {n}")
        path = tmp_path / "cohort.yml"
        path.write_text(cohort_file(LEADERS), encoding="utf-8")
        settings = load_settings(
            _env_file=None,
            slack_bot_token="xoxb-test-token",
            slack_signing_secret="secret",
            slack_api_url=fake_slack.url,
            database_url=database_url,
            cohort_file=path,
        )
        clock = ManualClock(MONDAY_WEEK_ONE)
        time = VirtualTime(clock)  # Slack's limits and the bot's pacing on the test's clock
        limits.now = time.now
        fake_slack.rate_limits = limits
        pacer = Pacer(
            settings.slack_messages_per_minute,
            channel_interval=CHANNEL_INTERVAL,
            now=time.now,
            sleep=time.sleep,
        )
        bot = build_bot(settings, read_course_files(settings), clock, pacer)
        bots.append(bot)
        await bot.core.services.setup.apply(read_course_files(settings).cohort, "slack")
        await bot.core.services.rhythm.run_due()
        return Weekly(bot, fake_slack, clock)

    yield start
    for bot in bots:
        await bot.core.engine.dispose()


EACH_ONCE = Counter({("D" + user, kind): 1 for user in LEADERS for kind in ("welcome", "nudge")})


async def test_a_burst_of_welcomes_and_nudges_arrives_once_each_within_the_limits(
    weekly: WeeklyFactory,
) -> None:
    w = await weekly(RateLimits(messages_per_minute=600))
    await w.send_until_done()
    assert Counter(w.received()) == EACH_ONCE
    # Eight workers share one virtual clock while requests are in flight, so a request can
    # now and then arrive a tick off its slot; in real time the benchmark sees no 429.
    assert w.refusals() <= 1
    assert w.api.calls_to("conversations.open") == []


async def test_each_leader_gets_the_welcome_before_the_nudge(weekly: WeeklyFactory) -> None:
    w = await weekly(RateLimits(messages_per_minute=600))
    await w.send_until_done()
    for user in LEADERS:
        kinds = [kind for channel, kind in w.received() if channel == "D" + user]
        assert kinds == ["welcome", "nudge"]


async def test_two_dispatchers_at_once_send_each_message_once(weekly: WeeklyFactory) -> None:
    w = await weekly(RateLimits(messages_per_minute=600))
    outbox = w.bot.core.services.outbox
    await asyncio.gather(outbox.dispatch_due(), outbox.dispatch_due())
    await w.send_until_done()
    assert Counter(w.received()) == EACH_ONCE


async def test_messages_refused_by_a_stricter_limit_are_retried_and_still_arrive_once(
    weekly: WeeklyFactory,
) -> None:
    w = await weekly(RateLimits(messages_per_minute=4))
    await w.send_until_done()
    assert w.refusals() > 0
    assert Counter(w.received()) == EACH_ONCE
    async with w.bot.core.services.ctx.uow() as uow:
        nudges = await uow.deliveries.keys_starting("nudge:")
        for key in nudges:
            delivery = await uow.deliveries.get(key)
            assert delivery is not None and delivery.status is DeliveryStatus.SENT
    assert len(nudges) == len(LEADERS)
    assert w.api.calls_to("conversations.open") == []
