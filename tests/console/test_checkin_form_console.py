"""/checkin on its own in the console: the form as text, and what to type instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.console.test_shell_scripts import run_script


def test_checkin_on_its_own_shows_every_module_ticked_or_not_and_what_to_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(tmp_path, capsys, database_url, ":as amira\n/checkin 2\n/checkin\n")
    form = out.split("amira> /checkin\n", 1)[1]
    assert form.startswith(
        "(only you can see this)\n"
        "== Your modules ==\n"
        "Tick each module you have done. Untick a module to mark it as not done.\n"
        "Why data matters (unit-1-1):\n"
        "  [ ] 1. Data and better decisions = data-and-better-decisions\n"
        "  [x] 2. What counts as data in a council = what-counts-as-data-in-a-council\n"
    )
    assert "  [ ] 32. Building your data strategy = building-your-data-strategy\n" in form
    assert (
        "(Record modules with /checkin and their numbers, for example /checkin 1-3. "
        "Mark one as not done with /checkin undo 3.)" in form
    )


def test_finishing_a_week_in_the_console_prints_the_reflection_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(tmp_path, capsys, database_url, ":as amira\n/checkin 1-5\n")
    assert (
        "--> message to Amira Khan:\n"
        "    You have finished the modules for week 1 of your plan. Well done.\n"
        "    How could you use this in your service? "
        "You can answer privately or share your answer with the cohort.\n"
        "      [Reflect]\n"
    ) in out
