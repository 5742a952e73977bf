"""`facilitator run` with LOG_FORMAT=json, as a real process serving HTTP on 127.0.0.1 and
talking to the fake Slack: every line it logs is one JSON object, and none carries a
token, a secret or what a leader asked."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SlackClient
from tests.slack.conftest import AMIRA, BEN, COHORT_FILE, FATIMA, MODERATORS, SAM, SECRET

TOKEN = "xoxb-json-logs-test-token"
QUESTION = "Can we share the rough sleeping counts with the charity?"
ANSWER = "Only the totals, never the street names."
CURRICULUM = Path("config/curriculum.sample.yml").resolve()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_environment(
    fake_slack: FakeSlackAPI, database_url: str, cohort: Path, port: int
) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_"))}
    return {
        **kept,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": database_url,
        "COHORT_FILE": str(cohort),
        "CURRICULUM_FILE": str(CURRICULUM),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "INFO",
        "LOG_FORMAT": "json",
    }


async def healthy(origin: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            try:
                async with session.get(f"{origin}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    pytest.fail("the bot never answered /healthz")


async def all_sent(origin: str, count: int) -> None:
    """Wait until the bot has sent and recorded `count` deliveries, as /metrics counts them."""
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            async with session.get(f"{origin}/metrics") as response:
                text = await response.text()
            if f'facilitator_deliveries{{platform="slack",state="sent"}} {count}.0' in text:
                return
            await asyncio.sleep(0.05)
    pytest.fail(f"the bot never recorded {count} deliveries as sent")


async def test_the_running_bot_logs_json_lines_without_secrets_or_anyones_words(
    fake_slack: FakeSlackAPI, database_url: str, tmp_path: Path
) -> None:
    people = [(AMIRA, "Amira Khan"), (BEN, "Ben Adeyemi"), (SAM, "Sam Okafor"), (FATIMA, "Fatima")]
    for user, name in people:
        fake_slack.add_user(user, name)
    for channel, name in [("C0COHORT01", "cohort"), ("C0COORDIN1", "coordinators")]:
        fake_slack.add_channel(channel, name)
    fake_slack.add_channel(MODERATORS, "moderators", members=[FATIMA], private=True)
    cohort = tmp_path / "cohort.yml"
    cohort.write_text(COHORT_FILE, encoding="utf-8")
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    log = tmp_path / "stderr.log"
    with log.open("wb") as stderr:  # a file, not a pipe nobody reads until the end
        bot = await asyncio.create_subprocess_exec(
            sys.executable,
            *("-m", "bot", "run"),
            env=bot_environment(fake_slack, database_url, cohort, port),
            cwd=tmp_path,  # where there is no .env to read
            stdout=stderr,
            stderr=stderr,
        )
    try:
        await healthy(origin)
        slack = SlackClient(origin, SECRET, fake_slack)
        assert (await slack.slash_command("/ask", QUESTION, AMIRA)).status == 200
        await all_sent(origin, 4)  # the welcomes, the card and the asker's thread
        [card] = fake_slack.workspace.messages_in(MODERATORS)
        await slack.channel_message(FATIMA, MODERATORS, ANSWER, thread_ts=card["ts"])
        await fake_slack.wait_for("chat.postMessage", count=5, timeout=10)
    finally:
        bot.send_signal(signal.SIGINT)
        await asyncio.wait_for(bot.wait(), timeout=30)
    logged = log.read_text(encoding="utf-8")
    assert bot.returncode == 0, logged
    entries: list[dict[str, Any]] = [json.loads(line) for line in logged.splitlines()]
    for entry in entries:
        assert {"time", "level", "logger", "message"} <= set(entry)
    messages = [e["message"] for e in entries]
    assert any(m.startswith("Facilitator is running for Slack") for m in messages)
    requests = [e for e in entries if e["logger"] == "aiohttp.access"]
    assert {(e["method"], e["route"], e["status"]) for e in requests} >= {
        ("GET", "/healthz", 200),
        ("POST", "/slack/events", 200),
    }
    for secret in (TOKEN, SECRET, QUESTION, ANSWER, "rough sleeping", "street names"):
        assert secret not in logged
