"""The console's own verbs: files shown whole and saved, forms with their values, and the
time of each message sent while time moves on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.console.test_shell_scripts import run_script

EXPORT = ":as sam\n/cohort progress export\n"
FILE_NAME = "loti-data-2027-1-progress-2027-01-13.csv"


def test_a_sent_file_is_numbered_and_show_prints_it_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(tmp_path, capsys, database_url, EXPORT + ":show 1\n")
    assert f"    [file 1: {FILE_NAME}, 353 bytes]\n" in out
    assert "    ... and 1 more line (type :show 1 to see it all)\n" in out
    assert out.split("sam> :show 1\n", 1)[1] == (
        f"    [file 1: {FILE_NAME}, 353 bytes]\n"
        "    Name,Organisation,Seniority,Pace (weeks),Modules done,Percent done,Status,"
        "Modules behind\n"
        "    Amira Khan,Camden Council,Director,6,0,0,on-track,0\n"
        "    Ben Adeyemi,Hackney Council,Assistant director,3,0,0,on-track,0\n"
        "    Chloe Martin,Greater London Authority,Head of service,6,0,0,on-track,0\n"
        "    Dev Patel,London Borough of Croydon,Chief executive,6,0,0,on-track,0\n"
    )


def test_save_writes_the_file_as_sent_and_says_where_and_how_big(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    target = tmp_path / "progress.csv"
    out = run_script(tmp_path, capsys, database_url, EXPORT + f":save 1 {target}\n")
    assert f"Saved file 1 ({FILE_NAME}, 353 bytes) at {target}.\n" in out
    saved = target.read_bytes()
    assert saved.startswith(b"\xef\xbb\xbfName,Organisation")  # the byte order mark Excel needs
    assert len(saved) == 353


def test_save_into_a_folder_uses_the_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(tmp_path, capsys, database_url, EXPORT + f":save 1 {tmp_path}\n")
    assert f"Saved file 1 ({FILE_NAME}, 353 bytes) at {tmp_path / FILE_NAME}.\n" in out
    assert (tmp_path / FILE_NAME).is_file()


def test_save_and_show_answer_mistakes_kindly_and_replace_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    kept = tmp_path / "kept.csv"
    kept.write_text("mine", encoding="utf-8")
    lines = (
        ":save 1 x.csv\n" + EXPORT + ":save 2 x.csv\n:save 1\n:show one\n"
        f":save 1 {tmp_path}/no-such-folder/x.csv\n:save 1 {kept}\n"
    )
    out = run_script(tmp_path, capsys, database_url, lines)
    assert "nobody> :save 1 x.csv\nThere is no file 1. No file has been sent yet.\n" in out
    assert "sam> :save 2 x.csv\nThere is no file 2. Files so far: 1 to 1.\n" in out
    usage = "Say which file, by the number in its [file ...] line:"
    assert f"sam> :save 1\n{usage} :save 2 progress.csv\n" in out
    assert f"sam> :show one\n{usage} :show 2\n" in out
    assert f"There is no folder {tmp_path}/no-such-folder. Create it first" in out
    assert f"There is already a file at {kept}. Give another name, or delete that file." in out
    assert kept.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "x.csv").exists()


def test_a_form_shows_each_input_id_and_the_value_of_each_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    lines = ":as sam\n/cohort recruit #general\n:user fatima Fatima Ali\n:as fatima\n:press Join\n"
    out = run_script(tmp_path, capsys, database_url, lines)
    form = out.split("fatima> :press Join\n", 1)[1]
    assert (
        "Your organisation (organisation):\n  ( ) Camden Council (1 seat free) = camden\n" in form
    )
    assert "Your job title (job_title): ____\n" in form
    assert "  ( ) Head of service = head-of-service\n" in form
    assert "  (o) 6 weeks: about 1 hour 20 minutes a week = 6\n" in form
    assert (
        "Privacy (consent):\n  [ ] I have read the privacy notice and agree to it = agreed\n"
        in form
    )
    assert "LOTI keeps your name, organisation, job title" in form  # the notice agreed to


def test_messages_sent_while_time_moves_on_show_when(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(
        tmp_path, capsys, database_url, ":as amira\n:advance 5d\n", start="2027-01-13 09:00"
    )
    assert "[Fri 15 Jan 15:00] --> message to #C0COORDIN1:\n" in out
    assert "[Mon 18 Jan 09:00] --> message to Amira Khan:\n    == Week 2" in out
    welcome = out.split("nobody> :as amira", 1)[0]
    assert "--> message to Amira Khan:\n    == Welcome" in welcome  # not while time stands
