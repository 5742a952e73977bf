"""The console keeps its clock in its database: a second run carries on where the first
stopped, `:reset` starts over (saying what it deletes), and the command-line tools read
the console's time."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.model import Cohort
from storage.engine import make_engine, make_session_factory
from storage.uow import SqlUnitOfWorkFactory

START = "2027-01-11 08:00"


def shell(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    lines: str,
    *start: str,
) -> str:
    """Run the lines on the database, with `--start` only when given (a run of `make run`
    gives none)."""
    script = tmp_path / "script.txt"
    script.write_text(lines, encoding="utf-8")
    command = ["shell", "--script", str(script), "--database-url", database_url]
    assert main([*command, *(["--start", *start] if start else [])]) == 0
    return capsys.readouterr().out


def test_a_second_run_of_the_shell_carries_on_at_the_time_the_first_reached(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    first = shell(tmp_path, capsys, database_url, ":advance 9d\n", START)
    assert "It is now Wednesday 20 January 2027, 08:00 (Europe/London)." in first
    second = shell(tmp_path, capsys, database_url, ":as amira\n/progress\n")
    assert second.splitlines()[1:3] == [
        "It is now Wednesday 20 January 2027, 08:00 (Europe/London).",
        "The console carries on from where it stopped. Type :reset to start again.",
    ]
    assert "This is week 2 of 6." in second
    assert "== Welcome to" not in second  # nobody is welcomed twice


def test_people_added_in_the_console_are_still_there_in_the_next_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    lines = (
        ":as sam\n:user fatima Fatima Ali\n/cohort add @fatima org=islington seniority=director\n"
    )
    shell(tmp_path, capsys, database_url, lines, START)
    again = shell(tmp_path, capsys, database_url, ":as fatima\n")
    assert "You are now Fatima Ali (fatima)." in again


def test_reset_says_what_it_deletes_and_does_it_only_when_told_yes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    lines = ":as amira\n/checkin 1-3\n:advance 2d\n:reset\n:reset please\n/progress\n"
    out = shell(tmp_path, capsys, database_url, lines, START)
    asked = out.split("amira> :reset\n")[1].split("amira> :reset please\n")[0]
    assert asked == (
        ":reset deletes everything the console keeps in its database:\n"
        "  1 cohort\n"
        "  18 organisations\n"
        "  6 people\n"
        "  6 enrolments\n"
        "  3 completed modules\n"
        "  9 messages sent or waiting\n"
        "  the console's clock, at Wednesday 13 January 2027, 08:00\n"
        "Then it sets up the cohort file again, with the clock at Monday 11 January 2027, "
        "08:00.\n"
        "To do it, type :reset yes\n"
    )
    assert "3 of 32 modules done" in out  # nothing went without "yes"

    out = shell(tmp_path, capsys, database_url, ":reset yes\n:as amira\n/progress\n", START)
    assert (
        "nobody> :reset yes\n"
        "Deleted everything the console kept. Starting again from the cohort file.\n"
        "It is now Monday 11 January 2027, 08:00 (Europe/London).\n"
        "--> message to Amira Khan:\n"
        "    == Welcome to LOTI Data Master Class, cohort 1 =="
    ) in out
    assert "0 of 32 modules done" in out


def test_the_command_line_tools_read_the_console_clock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    shell(tmp_path, capsys, database_url, ":advance 7d2h\n", START)
    assert main(["report", "--database-url", database_url]) == 0
    out, err = capsys.readouterr()
    assert "Figures on Monday 18 January 2027, week 2." in out
    assert err == (
        "Using the console's clock: Monday 18 January 2027, 10:00 (Europe/London), where the "
        "console shell stopped. Give --at to choose another time.\n"
    )
    assert main(["report", "--database-url", database_url, "--at", "2027-01-27 10:00"]) == 0
    out, err = capsys.readouterr()
    assert "Figures on Wednesday 27 January 2027, week 3." in out
    assert err == ""


async def add_slack_cohort(url: str) -> None:
    engine = make_engine(url)
    try:
        async with SqlUnitOfWorkFactory(make_session_factory(engine))() as uow:
            await uow.cohorts.add(
                Cohort("live-2027", "Live", date(2027, 1, 11), 6, "Europe/London", platform="slack")
            )
            await uow.commit()
    finally:
        await engine.dispose()


def test_reset_will_not_empty_a_database_that_holds_another_platforms_cohort(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    asyncio.run(add_slack_cohort(database_url))
    out = shell(tmp_path, capsys, database_url, ":reset yes\n", START)
    assert (
        "nobody> :reset yes\n"
        "This database also holds cohorts on Slack, so :reset will not empty it. Give the "
        "shell a database of its own (--database-url) to start again there.\n"
    ) in out
    assert "Deleted everything" not in out
