"""Fixtures for the harness self-tests: the fake Web API, its client, and a tiny Bolt app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.fixtures import fake_slack
from tests.fakes.loopback import LoopbackServer
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SlackClient
from tests.fakes.teams.fixtures import fake_teams
from tests.fakes_selftest.bolt_app import SECRET, build_app

__all__ = ["fake_slack", "fake_teams", "web_client"]


@pytest.fixture
async def web_client(fake_slack: FakeSlackAPI) -> AsyncIterator[AsyncWebClient]:
    """slack_sdk's real client, pointed at the fake; Amara and Ben are members of the workspace."""
    fake_slack.add_user("U0AMARA", "Amara Okafor")
    fake_slack.add_user("U0BEN", "Ben Hughes", tz="America/New_York")
    fake_slack.add_channel("C0CAMDEN", "camden-cohort")
    yield AsyncWebClient(token="xoxb-test-token", base_url=fake_slack.url)


@pytest.fixture
async def slack(fake_slack: FakeSlackAPI, seen: list[dict[str, Any]]) -> AsyncIterator[SlackClient]:
    """A client posting to a running Bolt app whose Web API calls go to the fake."""
    fake_slack.add_user("U0AMARA", "Amara Okafor")
    fake_slack.add_channel("C0CAMDEN", "camden-cohort")
    app = build_app(fake_slack.url, seen)
    async with LoopbackServer(app.web_app()) as server:
        yield SlackClient(server.origin, SECRET, fake_slack)


@pytest.fixture
def seen() -> list[dict[str, Any]]:
    """Bodies the Bolt app's listeners received, in order."""
    return []
