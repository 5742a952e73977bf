"""The real app in HTTP mode on 127.0.0.1, talking to a fake Slack Web API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app import Bot, build_bot
from bot.bootstrap import read_course_files
from bot.config import load_settings
from bot.core.clock import ManualClock
from bot.core.pacing import Pacer
from handlers.slack.after_ack import TASK_NAME as after_ack_task
from handlers.slack.sender import CHANNEL_INTERVAL
from tests.fakes.loopback import LoopbackServer
from tests.fakes.rate_limits import VirtualTime
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SlackClient

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
LONDON = ZoneInfo("Europe/London")
# Wednesday of the sample cohort's first week.
WEEK_ONE = datetime(2027, 1, 13, 10, 0, tzinfo=LONDON)

AMIRA, BEN, SAM, FATIMA = "U0AMIRA001", "U0BEN00001", "U0SAM00001", "U0FATIMA01"
MODERATORS = "C0MODERATE1"

COHORT_FILE = f"""
slug: test-cohort
name: Test cohort
start_date: 2027-01-11
default_pace: 6
channels: {{cohort: C0COHORT01, moderators: C0MODERATE1, coordinators: C0COORDIN1}}
coordinators: [{{user: {SAM}, name: Sam Okafor}}]
organisations:
  - {{id: camden, name: Camden Council, seats: 2}}
  - {{id: hackney, name: Hackney Council, seats: 2}}
  - {{id: islington, name: Islington Council, seats: 1}}
participants:
  - {{user: {AMIRA}, name: Amira Khan, org: camden, seniority: director}}
  - {{user: {BEN}, name: Ben Adeyemi, org: hackney, seniority: assistant-director, pace: 3}}
"""


async def listeners_finished() -> None:
    """Commands, buttons and forms keep working after their ack; let that work end."""
    after_ack = [task for task in asyncio.all_tasks() if task.get_name() == after_ack_task]
    if after_ack:
        await asyncio.wait(after_ack, timeout=5)


@dataclass
class Harness:
    bot: Bot
    slack: SlackClient
    api: FakeSlackAPI
    clock: ManualClock


@pytest.fixture
async def harness(
    request: pytest.FixtureRequest,
    database_url: str,
    fake_slack: FakeSlackAPI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Harness]:
    """The bot serving HTTP; mark a test `manual_outbox` to send the outbox by hand."""
    # Exported, as a deployment does: Bolt looks for it in the environment too.
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    for user, name in [
        (AMIRA, "Amira Khan"),
        (BEN, "Ben Adeyemi"),
        (SAM, "Sam Okafor"),
        (FATIMA, "Fatima Ali"),
    ]:
        fake_slack.add_user(user, name)
    for channel, name in [("C0COHORT01", "cohort"), ("C0COORDIN1", "coordinators")]:
        fake_slack.add_channel(channel, name)
    # Fatima moderates by being in the moderators' channel, with no role in the cohort file.
    fake_slack.add_channel(MODERATORS, "moderators", members=[FATIMA], private=True)
    cohort_file = tmp_path / "cohort.yml"
    cohort_file.write_text(COHORT_FILE, encoding="utf-8")
    settings = load_settings(
        _env_file=None,
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=fake_slack.url,
        database_url=database_url,
        cohort_file=cohort_file,
        outbox_poll_seconds=3600,
        slack_send_timeout_seconds=1,  # the fake's slow answers need not take long
    )
    course = read_course_files(settings)
    clock = ManualClock(WEEK_ONE)
    fake_slack.workspace.now = lambda: clock.now().timestamp()  # Slack's clock is the test's
    time = VirtualTime(clock)  # the sender's pacing waits on the test's clock, not for real
    pacer = Pacer(
        settings.slack_messages_per_minute,
        channel_interval=CHANNEL_INTERVAL,
        now=time.now,
        sleep=time.sleep,
    )
    bot = build_bot(settings, course, clock, pacer)
    await bot.core.services.setup.apply(course.cohort, "slack")
    if request.node.get_closest_marker("manual_outbox") is None:
        bot.runner.start()
    async with LoopbackServer(bot.web) as server:
        yield Harness(bot, SlackClient(server.origin, SECRET, fake_slack), fake_slack, clock)
        await listeners_finished()
    await bot.runner.stop()
    await bot.core.engine.dispose()
