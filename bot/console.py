"""Wiring for the console shell: a moved clock kept in the database, the console's adapters
and the services."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.bootstrap import CourseFiles, bootstrap
from bot.config import Settings
from bot.console_memory import ConsoleMemory, add_file_people
from bot.core.clock import ManualClock, SystemClock
from handlers.console import session
from handlers.console.adapters import PLATFORM, ConsoleDirectory, ConsoleSender
from handlers.console.memory import RESUMED
from handlers.console.shell import Shell
from scheduler.planner import plan
from scheduler.runner import VirtualRunner
from storage.console_state import ConsoleState
from storage.sole_user import sole_user


def starting_time(course: CourseFiles, now: datetime) -> datetime:
    """The cohort's first morning if it is still ahead, so a newcomer sees week 1; else now."""
    cohort = course.cohort.cohort
    zone = ZoneInfo(cohort.time_zone)
    first_morning = datetime.combine(cohort.start_date, time(8, 0), zone)
    return first_morning if now < first_morning else now


async def run_shell(
    settings: Settings, course: CourseFiles, script: list[str] | None, start: datetime | None
) -> None:
    """Run the shell until :quit, end of input, or the end of the script. The clock starts
    at `start` if given, else where the console stopped last time, else at the cohort's
    first morning (or now, once that has passed)."""
    fresh = start or starting_time(course, SystemClock().now())
    clock = ManualClock(fresh)
    directory = ConsoleDirectory()
    write = session.write
    sender = ConsoleSender(directory, write)
    # One outbox worker: the console prints messages in the order they were queued.
    core = bootstrap(settings, course, clock, directory, {PLATFORM: sender}, outbox_workers=1)
    services = core.services
    state = ConsoleState(core.engine)
    saved = await state.saved_time()
    if start is None and saved is not None:
        clock.set(saved)
    for handle, name in await state.people(PLATFORM):
        directory.add(handle, name)
    add_file_people(directory, course)
    memory = ConsoleMemory(state, clock, directory, course, services.setup, fresh)
    shell = Shell(
        services.registry,
        settings.command_names,
        clock,
        VirtualRunner(plan(services.outbox, services.rhythm, settings.outbox_poll_seconds), clock),
        directory,
        write,
        ZoneInfo(course.cohort.cohort.time_zone),
        sender.inbox,
        memory,
    )
    try:
        with sole_user(settings.database_url):
            session.greet(shell)
            if start is None and saved is not None:
                write(RESUMED)
            await services.setup.apply(course.cohort, PLATFORM)
            await services.liveness.alone()
            await shell.runner.run_now()
            await memory.keep_time(clock.now())
            await session.run(shell, script)
    finally:
        await core.engine.dispose()
