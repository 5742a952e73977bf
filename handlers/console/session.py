"""Start the console shell: interactive, or running a script and printing the transcript."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.bootstrap import CourseFiles, bootstrap
from bot.config import Settings
from bot.core.clock import ManualClock
from handlers.console.adapters import PLATFORM, ConsoleDirectory, ConsoleSender
from handlers.console.shell import Shell
from scheduler.planner import plan
from scheduler.runner import VirtualRunner

WELCOME = "Facilitator console. You play everyone; the bot's messages print as they are sent."


def starting_time(course: CourseFiles, now: datetime) -> datetime:
    """The cohort's first morning if it is still ahead, so a newcomer sees week 1; else now."""
    cohort = course.cohort.cohort
    zone = ZoneInfo(cohort.time_zone)
    first_morning = datetime.combine(cohort.start_date, time(8, 0), zone)
    return first_morning if now < first_morning else now


async def run_shell(
    settings: Settings, course: CourseFiles, script: Path | None, start: datetime
) -> None:
    """Run the shell until :quit, end of input, or the end of the script."""
    clock = ManualClock(start)
    directory = ConsoleDirectory()
    for person in course.cohort.participants:
        directory.add(person.user_id, person.name)
    for staff in (*course.cohort.coordinators, *course.cohort.moderators):
        directory.add(staff.user_id, staff.name or staff.user_id)
    write = _write
    sender = ConsoleSender(directory, write)
    # One outbox worker: the console prints messages in the order they were queued.
    core = bootstrap(settings, course, clock, directory, {PLATFORM: sender}, outbox_workers=1)
    services = core.services
    shell = Shell(
        services.registry,
        services.outbox,
        settings.command_names,
        clock,
        VirtualRunner(services, plan(settings.outbox_poll_seconds), clock),
        directory,
        write,
        ZoneInfo(course.cohort.cohort.time_zone),
        sender.inbox,
    )
    write(WELCOME)
    write(shell.time_line())
    await services.setup.apply(course.cohort, PLATFORM)
    await services.outbox.dispatch_due()
    try:
        if script is not None:
            await _run_script(shell, script)
        else:
            write("Type :help for help. Start with :as amira, then /progress.")
            await _interact(shell)
    finally:
        await core.engine.dispose()


async def _run_script(shell: Shell, script: Path) -> None:
    lines = await asyncio.to_thread(script.read_text, encoding="utf-8")
    for line in lines.splitlines():
        _write(f"{shell.prompt}{line}" if line.strip() else "")
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


def _write(text: str) -> None:
    print(text, file=sys.stdout, flush=True)
