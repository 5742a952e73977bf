"""`facilitator import participants.csv` for a cohort on Teams: each email is found in the
roster of the cohort's team (read once, matching `email` or `userPrincipalName` in any
case); emails not in the roster are reported, as on Slack."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.core.model import EnrolmentStatus, Role
from bot.import_cli import NOT_IN_TEAM
from storage.engine import make_engine, make_session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes.teams.connector import FakeTeamsConnector
from tests.fakes.teams.people import TeamsPerson
from tests.teams.conftest import AMIRA, COHORT_FILE, TEAM, TeamsHarness


@dataclass(frozen=True)
class SignsInAs(TeamsPerson):
    """Someone whose sign-in name (userPrincipalName) is not their email address."""

    principal: str = ""

    def to_member(self) -> dict[str, Any]:
        return {**super().to_member(), "userPrincipalName": self.principal}


GINA = TeamsPerson("29:gina", "Gina Lopez", email="gina.lopez@camden.gov.uk")
HARRY = TeamsPerson("29:harry", "Harry Osei", email="Harry.Osei@Hackney.gov.uk")
IQBAL = SignsInAs(
    "29:iqbal", "Iqbal Hussain", email="iqbal@hackney.gov.uk", principal="ih@hackney.onmicrosoft"
)
OUTSIDER = TeamsPerson("29:olu", "Olu Bello", email="olu@elsewhere.gov.uk")
PARTICIPANTS = (
    "email,organisation,seniority,pace\n"
    "gina.lopez@camden.gov.uk,camden,director,3\n"
    "harry.osei@hackney.gov.uk,Hackney Council,director,\n"
    "IH@hackney.onmicrosoft,hackney,director,\n"
    "olu@elsewhere.gov.uk,camden,director,\n"
    "amira.khan@camden.gov.uk,camden,director,\n"
)


async def facilitator(*args: str) -> int:
    """Run the command in a thread: it has its own event loop, the fake Teams runs in ours."""
    return await asyncio.to_thread(main, list(args))


def teams_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> None:
    """Teams in anonymous test mode, no Slack, the harness's cohort file and database."""
    cohort_file = tmp_path / "cohort.yml"
    if not cohort_file.exists():
        cohort_file.write_text(COHORT_FILE, encoding="utf-8")
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    settings = {
        "TEAMS_ALLOW_ANONYMOUS": "true",
        "DATABASE_URL": database_url,
        "COHORT_FILE": str(cohort_file),
        "LOG_LEVEL": "ERROR",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)


async def test_import_finds_people_in_the_teams_roster_and_reports_the_rest(
    teams_harness: TeamsHarness,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    h = teams_harness  # the app is installed in the team, so the bot can read its roster
    h.teams.add_members(TEAM, GINA, HARRY, IQBAL, AMIRA)
    h.teams.add_members("19:another-team@thread.tacv2", OUTSIDER)
    teams_env(monkeypatch, tmp_path, database_url)
    csv_file = tmp_path / "participants.csv"
    csv_file.write_text(PARTICIPANTS, encoding="utf-8")

    read_at_install = len(h.teams.calls_to("get_conversation_members"))
    assert await facilitator("import", str(csv_file)) == 1

    out = capsys.readouterr().out
    lines = out.splitlines()
    rows = {line.split()[0]: " ".join(line.split()[1:]) for line in lines[2:7]}
    assert rows == {
        "2": "gina.lopez@camden.gov.uk Gina Lopez Camden Council enrolled",
        "3": "harry.osei@hackney.gov.uk Harry Osei Hackney Council enrolled",
        "4": "ih@hackney.onmicrosoft Iqbal Hussain Hackney Council waitlisted (number 1)",
        "5": "olu@elsewhere.gov.uk - Camden Council not found in Teams",
        "6": "amira.khan@camden.gov.uk Amira Khan Camden Council already enrolled",
    }
    assert "5 rows: 2 enrolled, 1 waitlisted, 1 already there, 1 not found in Teams" in out
    assert "Not found in Teams (add them to the cohort's team, then import again):\n" in out
    assert "  olu@elsewhere.gov.uk" in out
    read = len(h.teams.calls_to("get_conversation_members")) - read_at_install
    assert read == 1, "the import reads the roster once"

    engine = make_engine(database_url)
    try:
        async with SqlUnitOfWorkFactory(make_session_factory(engine))() as uow:
            cohort = await uow.cohorts.find("teams-cohort")
            assert cohort is not None and cohort.id is not None
            leaders = await uow.enrolments.all_members(cohort.id, Role.LEADER)
    finally:
        await engine.dispose()
    found = {(m.person.platform_user_id, m.enrolment.status) for m in leaders}
    assert (GINA.id, EnrolmentStatus.ACTIVE) in found
    assert (IQBAL.id, EnrolmentStatus.WAITLISTED) in found

    # Once Gina has the app, her welcome (queued by the import) reaches her.
    await h.install(GINA)
    [welcome] = h.teams.messages_in("a:gina")
    assert "Welcome to Teams cohort" in (welcome.text or "")


async def test_import_before_the_app_is_in_the_team_says_what_to_do(
    fake_teams: FakeTeamsConnector,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    teams_env(monkeypatch, tmp_path, database_url)
    csv_file = tmp_path / "participants.csv"
    csv_file.write_text(PARTICIPANTS, encoding="utf-8")

    assert await facilitator("import", str(csv_file)) == 2

    assert capsys.readouterr().err.strip() == NOT_IN_TEAM
    assert fake_teams.calls == []
