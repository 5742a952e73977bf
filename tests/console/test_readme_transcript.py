"""The README's console transcript is what the shell really prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main


def test_the_readme_transcript_is_real_output(capsys: pytest.CaptureFixture[str]) -> None:
    readme = Path("README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- transcript: (\S+) -->\n```text\n(.*?)\n```", readme, re.DOTALL)
    assert match, "the README has a marked transcript"
    script, shown = match.groups()
    assert main(["shell", "--script", script, "--start", "2027-01-11 09:00"]) == 0
    assert capsys.readouterr().out.rstrip("\n") == shown
