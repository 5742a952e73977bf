"""docs/recruitment-and-reports.txt runs as its transcript tells: every press and form works."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "recruitment-and-reports.txt"


def test_the_recruitment_script_fills_seats_and_reaches_the_report_and_export(
    capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    args = ["shell", "--script", str(SCRIPT), "--start", "2027-01-04 09:00"]
    assert main([*args, "--database-url", database_url]) == 0
    out = capsys.readouterr().out
    for mistake in ("There is no", "Nothing was sent", "Say which", "Traceback"):
        assert mistake not in out
    assert out.count("(sent: Join the cohort)") == 3
    assert "Camden Council's 2 seats are taken, so you are on its waitlist: number 1." in out
    assert "George Brown (Digital Lead, Assistant director): waitlist 1 for Camden Council" in out
    assert "Gave George Brown a seat for Islington Council from the waitlist." in out
    assert "Seats taken: 8 of 40" in out
    assert "[Mon 11 Jan 09:00] --> message to Hana Ito:\n    == Week 1: your modules ==" in out
    assert "== By seniority ==" in out and "== By pace ==" in out
    assert "    Ivan Novak,Lambeth Council,Chief executive,6,5,16,on-track,0\n" in out
    assert "== Report: LOTI Data Master Class, cohort 1 ==" in out
