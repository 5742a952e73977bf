"""A course file that drops a module: progress counts only the modules still in it, and
the bot says at start-up which stored completions it no longer counts."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.app import build_bot
from bot.bootstrap import read_course_files
from bot.config import load_settings
from bot.core.pacing import Pacer
from handlers.slack.sender import CHANNEL_INTERVAL
from tests.fakes.loopback import LoopbackServer
from tests.fakes.rate_limits import VirtualTime
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SlackClient
from tests.slack.conftest import AMIRA, BEN, SAM, SECRET, Harness, listeners_finished
from tests.slack.test_commands_e2e import reply_to

pytestmark = pytest.mark.manual_outbox

DROPPED = "what-counts-as-data-in-a-council"  # module 2 of the sample course


def without_module_two(folder: Path) -> Path:
    """The sample course file with its second module taken out."""
    lines = Path("config/curriculum.sample.yml").read_text(encoding="utf-8").splitlines()
    start = lines.index(f"      - id: {DROPPED}")
    trimmed = folder / "curriculum.yml"
    trimmed.write_text("\n".join(lines[:start] + lines[start + 4 :]) + "\n", encoding="utf-8")
    return trimmed


@asynccontextmanager
async def restarted(
    h: Harness, database_url: str, fake_slack: FakeSlackAPI, curriculum: Path, cohort: Path
) -> AsyncIterator[Harness]:
    """The bot started again on the same database with another course file."""
    settings = load_settings(
        _env_file=None,
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SECRET,
        slack_api_url=fake_slack.url,
        database_url=database_url,
        cohort_file=cohort,
        curriculum_file=curriculum,
        outbox_poll_seconds=3600,
    )
    course = read_course_files(settings)
    time = VirtualTime(h.clock)
    pacer = Pacer(
        settings.slack_messages_per_minute,
        channel_interval=CHANNEL_INTERVAL,
        now=time.now,
        sleep=time.sleep,
    )
    bot = build_bot(settings, course, h.clock, pacer)
    await bot.core.services.setup.apply(course.cohort, "slack")
    try:
        async with LoopbackServer(bot.web) as server:
            yield Harness(bot, SlackClient(server.origin, SECRET, fake_slack), fake_slack, h.clock)
            await listeners_finished()
    finally:
        await bot.core.engine.dispose()


async def test_progress_counts_only_the_modules_still_in_the_course_file(
    harness: Harness,
    database_url: str,
    fake_slack: FakeSlackAPI,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    h = harness
    reply = await reply_to(h, "/checkin", "1-3", AMIRA)
    assert reply["text"].startswith("Done: modules 1, 2 and 3.")
    await reply_to(h, "/checkin", "1-32", BEN)

    caplog.set_level(logging.WARNING)
    curriculum = without_module_two(tmp_path)
    async with restarted(h, database_url, fake_slack, curriculum, tmp_path / "cohort.yml") as new:
        [warning] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert warning == (
            f"Test cohort: 2 completions of 1 module no longer in the course file ({DROPPED}) "
            "are kept but not counted in progress. Put the module back in the course file to "
            "count them again."
        )
        mine = await reply_to(new, "/progress", "", AMIRA)
        assert mine["text"].startswith("You have done 2 of 31 modules.")
        bens = await reply_to(new, "/progress", "", BEN)
        assert bens["text"].startswith("You have done 31 of 31 modules.")
        status = await reply_to(new, "/cohort", "status", SAM)
        # Amira 2 and Ben 31 of 31 each: 33 of 62 is 53%.
        assert status["text"] == (
            "Test cohort: 2 of 5 seats taken. Overall completion 53%. 1 finished."
        )
        assert "Camden Council: 1 of 2 seats taken, 6% done" in str(status["blocks"])
        progress = await reply_to(new, "/cohort", "progress", SAM)
        assert progress["text"] == (
            "Test cohort, week 1: 2 leaders, 53% complete. 1 on track, 0 behind, 1 finished."
        )
    h.api.assert_no_problems()
