"""Wiring for the console shell: a moved clock, the console's adapters and the services."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.bootstrap import CourseFiles, bootstrap
from bot.config import Settings
from bot.core.clock import ManualClock
from handlers.console import session
from handlers.console.adapters import PLATFORM, ConsoleDirectory, ConsoleSender
from handlers.console.shell import Shell
from scheduler.planner import plan
from scheduler.runner import VirtualRunner


def starting_time(course: CourseFiles, now: datetime) -> datetime:
    """The cohort's first morning if it is still ahead, so a newcomer sees week 1; else now."""
    cohort = course.cohort.cohort
    zone = ZoneInfo(cohort.time_zone)
    first_morning = datetime.combine(cohort.start_date, time(8, 0), zone)
    return first_morning if now < first_morning else now


async def run_shell(
    settings: Settings, course: CourseFiles, script: list[str] | None, start: datetime
) -> None:
    """Run the shell until :quit, end of input, or the end of the script."""
    clock = ManualClock(start)
    directory = ConsoleDirectory()
    for person in course.cohort.participants:
        directory.add(person.user_id, person.name)
    for staff in (*course.cohort.coordinators, *course.cohort.moderators):
        directory.add(staff.user_id, staff.name or staff.user_id)
    write = session.write
    sender = ConsoleSender(directory, write)
    # One outbox worker: the console prints messages in the order they were queued.
    core = bootstrap(settings, course, clock, directory, {PLATFORM: sender}, outbox_workers=1)
    services = core.services
    shell = Shell(
        services.registry,
        settings.command_names,
        clock,
        VirtualRunner(plan(services.outbox, services.rhythm, settings.outbox_poll_seconds), clock),
        directory,
        write,
        ZoneInfo(course.cohort.cohort.time_zone),
        sender.inbox,
    )
    session.greet(shell)
    await services.setup.apply(course.cohort, PLATFORM)
    await shell.runner.run_now()
    try:
        await session.run(shell, script)
    finally:
        await core.engine.dispose()
