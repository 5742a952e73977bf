"""Mistakes in files and folders given to `facilitator`: one plain message, exit code 2,
never a traceback, and nothing written."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from bot.cli import main


def test_an_impossible_start_date_is_reported_by_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = Path("config/cohort.sample.yml").read_text(encoding="utf-8")
    cohort_file = tmp_path / "cohort.yml"
    cohort_file.write_text(sample.replace("2027-01-11", "2027-02-30", 1), encoding="utf-8")
    monkeypatch.setenv("COHORT_FILE", str(cohort_file))
    assert main(["preview"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "Facilitator cannot start. Fix this set-up file:\n"
        f"{cohort_file}, line 7: 2027-02-30 is not a real date or time "
        "(day is out of range for month).\n"
    )


@pytest.mark.parametrize("command", [["db", "upgrade"], ["run"], ["report"]])
def test_a_database_folder_that_does_not_exist_is_named_before_any_connection(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "no-such-folder"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{folder}/facilitator.db")
    assert main(command) == 2
    err = capsys.readouterr().err
    # Checked before any connection, so no driver thread outlives the event loop and
    # prints "Event loop is closed" after it.
    assert err == (
        f"Facilitator cannot use its database: the folder {folder} for its file "
        "facilitator.db does not exist. Create the folder, or set DATABASE_URL to a file "
        "in a folder that exists.\n"
    )
    assert not folder.exists()


def test_a_start_that_fails_leaves_the_garbage_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `facilitator run` turns the collector off while it starts (bot/cli.py).
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-start-up-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "start-up-test-secret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/no-such-folder/bot.db")
    assert main(["run"]) == 2
    assert gc.isenabled()


def test_a_missing_script_is_named_as_the_script_not_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "nope.txt"
    assert main(["shell", "--script", str(script)]) == 2
    out, err = capsys.readouterr()
    assert (
        err == f"facilitator shell: cannot read the script {script} (No such file or directory).\n"
    )
    assert out == ""


def test_a_report_on_a_database_without_tables_says_to_upgrade_it_and_writes_nothing(
    empty_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = tmp_path / "chart.png"
    code = main(["report", "--chart", str(chart), "--database-url", empty_database_url])
    assert code == 2
    out, err = capsys.readouterr()
    assert err == (
        "Facilitator cannot use its database: it has no tables yet. Run facilitator db upgrade "
        "(make run does it for you), then run this again.\n"
    )
    assert out == ""
    assert not chart.exists()


@pytest.mark.parametrize(
    "command", [["report"], ["export", "folder"], ["purge", "--older-than", "1d"]]
)
def test_the_tools_leave_no_empty_database_file_behind(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "facilitator.db"
    command = [str(tmp_path / word) if word == "folder" else word for word in command]
    assert main([*command, "--database-url", f"sqlite+aiosqlite:///{database}"]) == 2
    assert capsys.readouterr().err == (
        f"Facilitator cannot use its database: there is no database file at {database}. "
        "Run facilitator db upgrade (make run does it for you), then run this again.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_database_file_that_cannot_be_opened_is_named_before_any_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder_not_file = tmp_path / "facilitator.db"
    folder_not_file.mkdir()
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{folder_not_file}")
    assert main(["db", "upgrade"]) == 2
    assert capsys.readouterr().err == (
        f"Facilitator cannot use its database: cannot open its file {folder_not_file} "
        "(unable to open database file).\n"
    )
