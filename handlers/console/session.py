"""The console shell's session: greet, then run a script or read lines until :quit."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

from handlers.console.shell import Shell

WELCOME = "Facilitator console. You play everyone; the bot's messages print as they are sent."


def greet(shell: Shell) -> None:
    write(WELCOME)
    write(shell.time_line())


async def run(shell: Shell, script: Sequence[str] | None) -> None:
    """Run the lines of `script` and print the transcript, or read lines as typed."""
    if script is not None:
        await _run_script(shell, script)
    else:
        write("Type :help for help. Start with :as amira, then /progress.")
        await _interact(shell)


async def _run_script(shell: Shell, lines: Sequence[str]) -> None:
    for line in lines:
        write(f"{shell.prompt}{line}" if line.strip() else "")
        if not await shell.handle(line):
            break


async def _interact(shell: Shell) -> None:
    while True:
        try:
            line = await asyncio.to_thread(input, shell.prompt)
        except EOFError:
            break
        if not await shell.handle(line):
            break


def write(text: str) -> None:
    print(text, file=sys.stdout, flush=True)
