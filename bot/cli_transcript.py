"""Run a script of `facilitator` commands and show what each prints, as a terminal would.

A script line is a command's arguments (`report --at "2027-02-26 17:00"`); `# ...` lines
are shown as they are; a line starting with `@` runs without its output (setting the
scene). `{db}` stands for a database of the script's own, fresh on every run, so the
transcript is the same every time; it is shown as `sqlite+aiosqlite:///console.db`.
"""

from __future__ import annotations

import contextlib
import io
import shlex
import tempfile
from pathlib import Path

from bot.cli import main

SHOWN_DATABASE = "sqlite+aiosqlite:///console.db"


def run_commands(script: Path) -> str:
    """The transcript of every line of `script`; stops at a command that fails to run."""
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="facilitator-") as folder:
        database = f"sqlite+aiosqlite:///{folder}/console.db"
        for line in script.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                lines.append(line)
                continue
            quiet = line.startswith("@")
            command = line.removeprefix("@")
            lines.append("$ facilitator " + command.replace("{db}", SHOWN_DATABASE))
            printed, status = _run(shlex.split(command.replace("{db}", database)))
            if not quiet:
                lines.append(printed.replace(database, SHOWN_DATABASE).rstrip("\n"))
            if status not in (0, 1):  # 1: the command ran and said some rows were refused
                lines.append(f"(exit status {status})")
                break
    return "\n".join(line for line in lines if line != "")


def _run(arguments: list[str]) -> tuple[str, int]:
    """What a command prints, on standard output and error together, and its exit status."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(arguments)
    return out.getvalue(), status
