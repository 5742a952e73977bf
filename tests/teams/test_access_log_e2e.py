"""The request log names routes, not paths: a download link's token never reaches it."""

from __future__ import annotations

import logging

import aiohttp
import pytest
from aiohttp import web

from bot.app import web_runner
from tests.teams.conftest import TeamsHarness

TOKEN = "k3Yq0aSecretDownloadToken0000000000000000000"


async def test_requests_are_logged_by_route_without_tokens_queries_or_made_up_paths(
    teams_harness: TeamsHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    runner = web_runner(teams_harness.bot.web)  # as `facilitator run` serves
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        async with aiohttp.ClientSession() as session:
            for path in (f"/files/{TOKEN}", "/healthz?key=xoxb-leaked", "/U0AMIRA001/hello"):
                async with session.get(f"http://{host}:{port}{path}") as response:
                    await response.read()
    finally:
        await runner.cleanup()
    logged = [r for r in caplog.records if r.name == "aiohttp.access"]
    assert [r.getMessage().rsplit(" ", 1)[0] for r in logged] == [
        "GET /files/{token} 404",
        "GET /healthz 200",
        "GET (no route) 404",
    ]
    assert [vars(r)["route"] for r in logged] == ["/files/{token}", "/healthz", "(no route)"]
    for secret in (TOKEN, "xoxb-leaked", "U0AMIRA001", "hello"):
        assert not [r for r in caplog.records if secret in r.getMessage()]
