"""The real app serving Teams on 127.0.0.1, talking to a fake Bot Connector.

Teams is in anonymous test mode: requests carry no Microsoft token, and the bot sends
without one, to the `serviceUrl` each activity names (the fake's).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from bot.app import Bot, build_bot
from bot.bootstrap import read_course_files
from bot.config import load_settings
from bot.core.clock import ManualClock
from bot.core.pacing import Pacer
from tests.fakes.loopback import LoopbackServer
from tests.fakes.rate_limits import VirtualTime
from tests.fakes.teams.activities import IncomingActivities
from tests.fakes.teams.connector import FakeTeamsConnector
from tests.fakes.teams.fixtures import fake_teams
from tests.fakes.teams.people import TeamsPerson

__all__ = ["fake_teams"]

LONDON = ZoneInfo("Europe/London")
# Wednesday of the sample cohort's first week.
WEEK_ONE = datetime(2027, 1, 13, 10, 0, tzinfo=LONDON)

AMIRA = TeamsPerson("29:amira", "Amira Khan", email="amira.khan@camden.gov.uk")
BEN = TeamsPerson("29:ben", "Ben Adeyemi", email="ben.adeyemi@hackney.gov.uk")
SAM = TeamsPerson("29:sam", "Sam Okafor", email="sam.okafor@loti.london")
FATIMA = TeamsPerson("29:fatima", "Fatima Ali", email="fatima.ali@islington.gov.uk")
TEAM = "19:team-general@thread.tacv2"
COHORT = "19:cohort@thread.tacv2"
MODERATORS = "19:moderators@thread.tacv2"
COORDINATORS = "19:coordinators@thread.tacv2"

COHORT_FILE = f"""
slug: teams-cohort
name: Teams cohort
start_date: 2027-01-11
default_pace: 6
channels: {{cohort: "{COHORT}", moderators: "{MODERATORS}", coordinators: "{COORDINATORS}"}}
coordinators: [{{user: "{SAM.id}", name: Sam Okafor}}]
moderators: [{{user: "{FATIMA.id}", name: Fatima Ali}}]
organisations:
  - {{id: camden, name: Camden Council, seats: 2}}
  - {{id: hackney, name: Hackney Council, seats: 2}}
participants:
  - {{user: "{AMIRA.id}", name: Amira Khan, org: camden, seniority: director}}
  - {{user: "{BEN.id}", name: Ben Adeyemi, org: hackney, seniority: director, pace: 3}}
"""


@dataclass
class TeamsHarness:
    bot: Bot
    teams: FakeTeamsConnector
    incoming: IncomingActivities
    clock: ManualClock
    origin: str

    async def post(self, activity: dict[str, Any]) -> tuple[int, Any]:
        """Send an activity as Teams does; the HTTP status and any JSON answer."""
        async with (
            aiohttp.ClientSession() as session,
            session.post(f"{self.origin}/api/messages", json=activity) as response,
        ):
            body = await response.text()
            return response.status, (await response.json() if body.strip() else None)

    async def settle(self) -> None:
        """Send everything the outbox holds now."""
        await self.bot.core.services.outbox.dispatch_due()

    async def install(self, *people: TeamsPerson) -> None:
        """Each person adds the app for themselves, as an admin's install would."""
        for person in people:
            status, _ = await self.post(self.incoming.personal_install(person))
            assert status in (200, 202)
        await self.settle()


@pytest.fixture
def teams_settings() -> dict[str, object]:
    """Settings for the bot under test beyond the harness's own; a test module may
    override this fixture."""
    return {}


@pytest.fixture
async def teams_harness(
    database_url: str,
    fake_teams: FakeTeamsConnector,
    tmp_path: Path,
    teams_settings: dict[str, object],
) -> AsyncIterator[TeamsHarness]:
    """The bot serving Teams, the outbox sent by hand (`settle`), on the test's clock."""
    # The cohort's team holds its staff; leaders reach the bot by installing it for themselves.
    fake_teams.add_members(TEAM, SAM, FATIMA)
    for channel in (COHORT, MODERATORS, COORDINATORS):
        fake_teams.add_channel(channel, TEAM)
    cohort_file = tmp_path / "cohort.yml"
    cohort_file.write_text(COHORT_FILE, encoding="utf-8")
    settings = load_settings(
        _env_file=None,
        teams_allow_anonymous=True,
        database_url=database_url,
        cohort_file=cohort_file,
        outbox_poll_seconds=3600,
        **teams_settings,
    )
    course = read_course_files(settings)
    clock = ManualClock(WEEK_ONE)
    time = VirtualTime(clock)  # the sender's pacing waits on the test's clock
    pacer = Pacer(1200, channel_interval=0.5, now=time.now, sleep=time.sleep)
    bot = build_bot(settings, course, clock, teams_pacer=pacer)
    await bot.core.services.setup.apply(course.cohort, "teams")
    incoming = IncomingActivities(fake_teams.url)
    async with LoopbackServer(bot.web) as server:
        harness = TeamsHarness(bot, fake_teams, incoming, clock, server.origin)
        await harness.post(incoming.team_install(SAM, TEAM))
        yield harness
        await asyncio.sleep(0)
    await bot.core.engine.dispose()
