"""The command-line transcripts in docs/ are what the commands really print."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli_transcript import run_commands

SCRIPTS = sorted(Path("docs").glob("*.cli"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_a_command_line_transcript_is_real_output(script: Path) -> None:
    shown = script.with_suffix(".cli.transcript.txt").read_text(encoding="utf-8")
    assert run_commands(script) + "\n" == shown


def test_a_dry_run_import_refuses_what_an_import_would_and_a_dry_purge_erases_nothing() -> None:
    shown = run_commands(Path("docs/trying-before-committing.cli"))
    assert "6 rows: 3 ready to import, 3 not imported." in shown
    assert "not imported: no organisation “Nowhere Council”" in shown
    assert "A dry run: nothing was erased. A purge would do this:" in shown
    # The report after the dry purge still has every leader: nothing was erased.
    assert "4 leaders are enrolled from 4 organisations." in shown
    assert "Using the console's clock: Friday 19 February 2027, 16:00" in shown
