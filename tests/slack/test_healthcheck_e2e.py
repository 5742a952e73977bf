"""`python -m bot.healthcheck`, the container's HEALTHCHECK, against the bot on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from urllib.parse import urlsplit

import pytest

from bot.app import web_app
from bot.bootstrap import Core
from bot.healthcheck import main
from bot.metrics import Metrics
from storage.engine import make_engine
from tests.fakes.loopback import LoopbackServer
from tests.slack.conftest import Harness


def serve_at(monkeypatch: pytest.MonkeyPatch, origin: str) -> None:
    """Settings naming where the bot listens, as the container's environment would."""
    address = urlsplit(origin)
    # The harness exports the bot token alone; the check needs only HOST and PORT.
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.setenv("HOST", str(address.hostname))
    monkeypatch.setenv("PORT", str(address.port))


async def test_a_healthy_bot_passes_as_the_container_runs_the_check(harness: Harness) -> None:
    port = str(urlsplit(harness.slack.base_url).port)
    # HOST as in the image (every address): the check asks on the loopback one.
    environment = {**os.environ, "HOST": "0.0.0.0", "PORT": port, "SLACK_BOT_TOKEN": ""}
    check = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot.healthcheck"),
        env=environment,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await check.communicate()
    assert check.returncode == 0
    assert out.decode() == f"http://127.0.0.1:{port}/healthz: healthy, HTTP 200\n"


async def test_a_bot_without_its_database_fails_the_check(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = Core(
        make_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none"), harness.bot.core.services
    )
    try:
        async with LoopbackServer(web_app(broken, None, Metrics())) as down:
            serve_at(monkeypatch, down.origin)
            assert await asyncio.to_thread(main) == 1
    finally:
        await broken.engine.dispose()
    assert capsys.readouterr().out.endswith("/healthz: unhealthy, HTTP 503\n")


async def test_no_bot_listening_fails_the_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))  # a port nobody listens on
        serve_at(monkeypatch, f"http://127.0.0.1:{taken.getsockname()[1]}")
        assert await asyncio.to_thread(main) == 1
    assert capsys.readouterr().out.endswith(
        "/healthz: unhealthy, no answer (ConnectionRefusedError)\n"
    )
