"""Mistakes in files and folders given to `facilitator`: one plain message, exit code 2,
never a traceback, and nothing written."""

from __future__ import annotations

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
