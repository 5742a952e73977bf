"""Pytest fixtures for the fakes; use with `pytest_plugins = ["tests.fakes.fixtures"]`."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.slack_api import FakeSlackAPI


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlackAPI]:
    """A running fake Slack Web API; the test fails if any Block Kit sent to it broke a limit."""
    async with FakeSlackAPI() as fake:
        yield fake
        fake.assert_no_problems()
