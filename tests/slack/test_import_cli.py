"""`facilitator import participants.csv` against the fake Slack (users.lookupByEmail):
a table of what happened, emails not found, bad rows by line, and a progress bar."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.core.model import EnrolmentStatus, Role
from bot.import_cli import NEEDS_SLACK, progress_line
from storage.engine import make_engine, make_session_factory
from storage.orm import DeliveryRow, EnrolmentRow, InvitationRow
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import AMIRA, BEN, COHORT_FILE, SAM

GINA, HARRY = "U0GINA0001", "U0HARRY001"
PARTICIPANTS = (
    "email,organisation,seniority,pace\n"
    "gina@example.org,islington,director,3\n"
    "Harry@Example.org,Islington Council,Assistant Director,\n"
    "nobody@example.org,camden,director,6\n"
    "not-an-email,camden,director,\n"
    "iqbal@example.org,camden,boss,6\n"
    "amira.khan@example.org,camden,director,\n"
)


@pytest.fixture
def slack_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_slack: FakeSlackAPI, database_url: str
) -> Path:
    """Settings for Slack over HTTP, talking to the fake; the cohort file of the e2e tests."""
    for user, name, email in [
        (AMIRA, "Amira Khan", None),
        (BEN, "Ben Adeyemi", None),
        (SAM, "Sam Okafor", None),
        (GINA, "Gina Lopez", "gina@example.org"),
        (HARRY, "Harry Osei", "harry@example.org"),
    ]:
        fake_slack.add_user(user, name, email=email)
    cohort_file = tmp_path / "cohort.yml"
    cohort_file.write_text(COHORT_FILE, encoding="utf-8")
    settings = {
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": "test-signing-secret",
        "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": database_url,
        "COHORT_FILE": str(cohort_file),
        "LOG_LEVEL": "WARNING",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    return tmp_path


async def facilitator(*args: str) -> int:
    """Run the command in a thread: it has its own event loop, the fake Slack runs in ours."""
    return await asyncio.to_thread(main, list(args))


async def test_import_enrols_waitlists_and_reports_unknown_emails_and_bad_rows(
    slack_env: Path,
    capsys: pytest.CaptureFixture[str],
    fake_slack: FakeSlackAPI,
    database_url: str,
) -> None:
    csv_file = slack_env / "participants.csv"
    csv_file.write_text(PARTICIPANTS, encoding="utf-8")
    assert await facilitator("import", str(csv_file)) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["line", "email", "name", "organisation", "what", "happened"]
    rows = {line.split()[0]: " ".join(line.split()[1:]) for line in lines[2:8]}
    assert rows == {
        "2": "gina@example.org Gina Lopez Islington Council enrolled",
        "3": "harry@example.org Harry Osei Islington Council waitlisted (number 1)",
        "4": "nobody@example.org - Camden Council not found in Slack",
        "5": "- - - not imported: the email is not an email address (not-an-email)",
        "6": "iqbal@example.org - - not imported: the seniority is not one of: "
        "chief-executive, director, assistant-director, head-of-service, other",
        "7": "amira.khan@example.org Amira Khan Camden Council already enrolled",
    }
    assert (
        "6 rows: 1 enrolled, 1 waitlisted, 1 already there, 1 not found in Slack, "
        "2 not readable." in out
    )
    assert "Not found in Slack (invite them to the workspace, then import again):\n" in out
    assert "  nobody@example.org" in out
    assert "  line 5: the email is not an email address (not-an-email)" in out
    assert "Importing [" not in err  # a short import needs no progress bar
    assert {c.args["email"] for c in fake_slack.calls_to("users.lookupByEmail")} == {
        "gina@example.org",
        "harry@example.org",
        "nobody@example.org",
        "amira.khan@example.org",
    }

    engine = make_engine(database_url)
    try:
        async with SqlUnitOfWorkFactory(make_session_factory(engine))() as uow:
            cohort = await uow.cohorts.find("test-cohort")
            assert cohort is not None and cohort.id is not None
            leaders = await uow.enrolments.all_members(cohort.id, Role.LEADER)
            invitations = await uow.invitations.for_cohort(cohort.id)
            welcome = await uow.deliveries.keys_starting(f"welcome:{cohort.id}:")
            waiting = await uow.deliveries.keys_starting(f"waitlisted:{cohort.id}:")
    finally:
        await engine.dispose()
    status = {m.person.display_name: (m.enrolment.status, m.enrolment.pace) for m in leaders}
    assert status["Gina Lopez"] == (EnrolmentStatus.ACTIVE, 3)
    assert status["Harry Osei"] == (EnrolmentStatus.WAITLISTED, None)
    assert {(i.email, i.outcome) for i in invitations} == {
        ("gina@example.org", "enrolled"),
        ("harry@example.org", "waitlisted"),
        ("nobody@example.org", "not found in Slack"),
        ("amira.khan@example.org", "already enrolled"),
    }
    assert len(welcome) == 3 and len(waiting) == 1  # Amira, Ben (the file), Gina; Harry waits

    # Importing the same file again changes nobody's place.
    assert await facilitator("import", str(csv_file)) == 1
    again = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]
    assert "2 gina@example.org Gina Lopez Islington Council already enrolled" in again
    assert "3 harry@example.org Harry Osei Islington Council already waitlisted (number 1)" in again


async def test_a_long_import_shows_a_progress_bar(
    slack_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [f"person{n}@example.org,camden,director," for n in range(25)]
    csv_file = slack_env / "many.csv"
    csv_file.write_text("email,organisation,seniority,pace\n" + "\n".join(rows), encoding="utf-8")
    assert await facilitator("import", str(csv_file)) == 1
    out, err = capsys.readouterr()
    assert err.startswith("\rImporting [")
    assert err.endswith("\r" + progress_line(25, 25) + "\n")
    assert err.count("\r") == 25
    assert "25 rows: 0 enrolled, 0 waitlisted, 0 already there, 25 not found in Slack" in out


async def test_import_without_slack_says_it_needs_slack(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "")
    csv_file = tmp_path / "p.csv"
    csv_file.write_text(PARTICIPANTS, encoding="utf-8")
    assert await facilitator("import", str(csv_file)) == 2
    assert capsys.readouterr().err.strip() == NEEDS_SLACK


async def test_a_file_without_the_columns_is_refused(
    slack_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = slack_env / "bad.csv"
    csv_file.write_text("name,org\nAda,camden\n", encoding="utf-8")
    assert await facilitator("import", str(csv_file)) == 2
    assert "line 1 must name the columns email, organisation, seniority" in capsys.readouterr().err


def test_the_progress_bar_fills_in_proportion() -> None:
    assert progress_line(0, 4, width=8) == "Importing [........] 0 of 4"
    assert progress_line(1, 4, width=8) == "Importing [##......] 1 of 4"
    assert progress_line(4, 4, width=8) == "Importing [########] 4 of 4"


async def test_a_latin_1_file_is_read_as_windows_1252_and_says_so(
    slack_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = slack_env / "excel.csv"
    csv_file.write_bytes(
        "name,email,organisation,seniority\n"
        "Gina López,gina@example.org,Islington Council,Director\n".encode("latin-1")
    )
    assert await facilitator("import", str(csv_file)) == 0
    out, err = capsys.readouterr()
    assert "2 gina@example.org Gina Lopez Islington Council enrolled" in " ".join(out.split())
    assert err == (
        f"{csv_file} is not UTF-8, so I read it as Windows-1252 (Western European). If a "
        "name below looks wrong, save the file as “CSV UTF-8” and import it again.\n"
    )


async def test_a_file_separated_by_semicolons_is_read_by_its_header(
    slack_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = slack_env / "semicolons.csv"
    csv_file.write_text(
        "email;organisation;seniority;pace\ngina@example.org;Islington Council;Director;3\n",
        encoding="utf-8-sig",
    )
    assert await facilitator("import", str(csv_file)) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "2 gina@example.org Gina Lopez Islington Council enrolled" in out


async def test_rows_from_unknown_organisations_are_listed_as_not_imported(
    slack_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = slack_env / "organisations.csv"
    csv_file.write_text(
        "email,organisation,seniority\n"
        "gina@example.org,Islingtn,director\n"
        "not-an-email,camden,director\n",
        encoding="utf-8",
    )
    assert await facilitator("import", str(csv_file)) == 1
    out = capsys.readouterr().out
    assert out.endswith(
        "Rows not imported (fix them and import the file again; rows already\n"
        "imported are left as they are):\n"
        "  line 2: no organisation “Islingtn”\n"
        "  line 3: the email is not an email address (not-an-email)\n"
    )


async def test_the_progress_bar_counts_every_row_of_the_file(
    slack_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [f"person{n}@example.org,camden,director," for n in range(29)]
    csv_file = slack_env / "thirty.csv"
    csv_file.write_text(
        "email,organisation,seniority,pace\nnot-an-email,camden,director,\n" + "\n".join(rows),
        encoding="utf-8",
    )
    assert await facilitator("import", str(csv_file)) == 1
    out, err = capsys.readouterr()
    assert err.endswith("\r" + progress_line(30, 30) + "\n")
    assert "30 rows: 0 enrolled, 0 waitlisted, 0 already there, 29 not found in Slack" in out


async def imported_so_far(database_url: str) -> tuple[int, int, int]:
    """Invitations, enrolments and messages queued, in the whole database."""
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            counts = [
                await connection.scalar(select(func.count()).select_from(table))
                for table in (InvitationRow, EnrolmentRow, DeliveryRow)
            ]
    finally:
        await engine.dispose()
    return counts[0] or 0, counts[1] or 0, counts[2] or 0


async def test_a_dry_run_checks_the_file_without_slack_and_changes_nothing(
    slack_env: Path,
    capsys: pytest.CaptureFixture[str],
    fake_slack: FakeSlackAPI,
    database_url: str,
) -> None:
    csv_file = slack_env / "participants.csv"
    csv_file.write_text(PARTICIPANTS + "kim@example.org,Islingtn,director,\n", encoding="utf-8")
    before = await imported_so_far(database_url)
    assert await facilitator("import", "--dry-run", str(csv_file)) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (
        f"A dry run: I checked {csv_file}, imported nobody and sent nothing.\n"
        "\n"
        "line  email                   organisation       what would happen\n"
        "----  ----------------------  -----------------  " + "-" * 112 + "\n"
        "2     gina@example.org        Islington Council  ready to import\n"
        "3     harry@example.org       Islington Council  ready to import\n"
        "4     nobody@example.org      Camden Council     ready to import\n"
        "5     -                       -                  not imported: the email is not an "
        "email address (not-an-email)\n"
        "6     iqbal@example.org       -                  not imported: the seniority is not one "
        "of: chief-executive, director, assistant-director, head-of-service, other\n"
        "7     amira.khan@example.org  Camden Council     ready to import\n"
        "8     kim@example.org         -                  not imported: no organisation "
        "“Islingtn”\n"
        "\n"
        "7 rows: 4 ready to import, 3 not imported.\n"
        "\n"
        "Fix the rows not imported, then import the file without --dry-run. The import looks "
        "each email up in Slack: those it finds get a seat or a place on the waiting list, "
        "and it lists those it cannot find for you to invite.\n"
    )
    assert fake_slack.calls_to("users.lookupByEmail") == []
    assert await imported_so_far(database_url) == before


def test_a_dry_run_needs_no_chat_platform_nor_a_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/none.db")
    csv_file = tmp_path / "p.csv"
    csv_file.write_text("email;organisation;seniority\nzoe@example.org;gla;director\n")
    assert main(["import", "--dry-run", str(csv_file)]) == 0
    out = capsys.readouterr().out
    assert "2     zoe@example.org  Greater London Authority  ready to import\n" in out
    assert "1 row: 1 ready to import, 0 not imported." in out
    assert "The import looks each email up in Slack or Teams (set one up first)" in out
    assert list(tmp_path.iterdir()) == [csv_file]
