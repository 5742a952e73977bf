"""The console shell, driven by --script transcripts as a newcomer would run them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

START = "2027-01-13 09:00"


def run_script(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    lines: str,
    start: str = START,
) -> str:
    script = tmp_path / "script.txt"
    script.write_text(lines, encoding="utf-8")
    code = main(
        ["shell", "--script", str(script), "--start", start, "--database-url", database_url]
    )
    assert code == 0
    return capsys.readouterr().out


def test_a_leader_checks_in_and_sees_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(tmp_path, capsys, database_url, ":as amira\n/checkin 1-3\n/progress\n")
    assert "It is now Wednesday 13 January 2027, 09:00 (Europe/London)." in out
    assert (
        "amira> /checkin 1-3\n(only you can see this)\nDone: modules 1, 2 and 3. Good work." in out
    )
    assert "[##..................] 3 of 32 modules done (9%)" in out
    assert "  4. Leading a data-literate organisation (15 min · To do)" in out


def test_every_message_the_bot_sends_is_printed_with_its_recipient(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(
        tmp_path,
        capsys,
        database_url,
        ":as sam\n:user fatima Fatima Ali\n"
        "/cohort add @fatima org=islington seniority=head-of-service pace=3\n",
    )
    assert out.count("--> message to ") == 5  # four sample leaders, then Fatima
    assert "--> message to Fatima Ali:\n    == Welcome to" in out


def test_moving_time_changes_the_week(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(tmp_path, capsys, database_url, ":as ben\n:advance 7d\n/progress\n")
    assert "It is now Wednesday 20 January 2027, 09:00 (Europe/London)." in out
    assert "This is week 2 of 3." in out


def test_mistakes_get_friendly_answers_and_the_shell_carries_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(
        tmp_path,
        capsys,
        database_url,
        "/progress\n:as nobody-at-all\n:as amira\n/dance\n/checkin seven\n:advance soon\n"
        "/cohort status\nhello bot\n:as amira\n",
    )
    assert "First choose who you are, for example :as amira." in out
    assert "I do not know one person called “nobody-at-all”." in out
    assert "There is no command /dance." in out
    assert "“seven” is not a module number." in out
    assert "Say how far to move, for example :advance 7d" in out
    assert "/cohort is for the cohort's coordinators." in out
    assert "--> message to Amira Khan:\n    Shall I send this to the moderators" in out
    assert "Traceback" not in out
    assert out.rstrip().endswith("You are now Amira Khan (amira).")


def test_a_malformed_cohort_file_stops_start_up_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "cohort.yml"
    broken.write_text("slug: c1\nname: C\nstart_date: someday\norganisations: []\n")
    monkeypatch.setenv("COHORT_FILE", str(broken))
    assert main(["shell", "--script", str(broken)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}, line 3: start_date:" in err
    assert "Traceback" not in err


def test_a_bad_setting_stops_start_up_naming_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORT", "not-a-port")
    assert main(["db", "upgrade"]) == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith("PORT: ")


def test_week_one_messages_due_the_minute_the_shell_starts_are_sent_not_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    lines = (
        ":as sam\n:user fatima Fatima Ali\n"
        "/cohort add @fatima org=islington seniority=director pace=3\n:advance 7d\n"
    )
    out = run_script(tmp_path, capsys, database_url, lines, start="2027-01-11 09:00")
    assert out.count("== Week 1: your modules ==") == 4 + 1  # the sample's four, and Fatima
    assert "Skipped while the bot was down" not in out
