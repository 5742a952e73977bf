"""Pytest fixtures for the fake Teams; import them into a conftest as the Slack fake's are."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.teams.connector import FakeTeamsConnector


@pytest.fixture
async def fake_teams() -> AsyncIterator[FakeTeamsConnector]:
    """A running fake Bot Connector; the test fails if anything sent to it broke Teams' rules."""
    async with FakeTeamsConnector() as fake:
        yield fake
        fake.assert_no_problems()
