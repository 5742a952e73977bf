"""What the console keeps in its database: its clock, which the command-line tools read
too, and everything `:reset` deletes to start over."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.bootstrap import CourseFiles
from bot.core.clock import ManualClock, SystemClock
from bot.core.ports import Clock
from bot.core.services.setup import SetupService
from bot.core.wording import listed, plural
from handlers.console.adapters import PLATFORM, ConsoleDirectory
from handlers.console.memory import Held, local_time
from storage.console_state import ConsoleState, console_time

# The tables :reset empties, in plain words (one, many), in the order it lists them. A
# table missing here is still emptied, and listed by its name.
TABLE_WORDS: dict[str, tuple[str, str | None]] = {
    "cohorts": ("cohort", None),
    "organisations": ("organisation", None),
    "people": ("person", "people"),
    "enrolments": ("enrolment", None),
    "completions": ("completed module", None),
    "reflections": ("reflection", None),
    "questions": ("question", None),
    "question_posts": ("post of a question", "posts of questions"),
    "polls": ("poll", None),
    "poll_slots": ("poll time", None),
    "poll_votes": ("poll answer", None),
    "poll_format_votes": ("format choice", None),
    "reflection_sessions": ("reflection session", None),
    "session_seats": ("session seat", None),
    "champions": ("champion", None),
    "invitations": ("invitation", None),
    "deliveries": ("message sent or waiting", "messages sent or waiting"),
    "downloads": ("file kept for download", "files kept for download"),
    "progress_snapshots": ("weekly progress snapshot", None),
    "conversation_references": ("conversation reference", None),
    "processed_events": ("record of a handled event", "records of handled events"),
    "audit_log": ("audit log entry", "audit log entries"),
    "announcements": ("announcement", None),
    "saved_questions": ("question a published answer saved", "questions published answers saved"),
    "bot_processes": ("record of a running bot", "records of running bots"),
}
CLOCK_TABLE = "console_clock"  # shown as the time it holds


async def tool_clock(
    url: str, course: CourseFiles, at: datetime | None, offers_at: bool = True
) -> Clock:
    """The time a command-line tool works at: `at` (cohort time) if given, else the time
    the console shell reached if it has run on this database (saying so), else now."""
    zone = ZoneInfo(course.cohort.cohort.time_zone)
    if at is not None:
        return ManualClock(at.replace(tzinfo=zone))
    saved = await console_time(url)
    if saved is None:
        return SystemClock()
    print(
        f"Using the console's clock: {local_time(saved, zone)} ({zone.key}), where the "
        "console shell stopped." + (" Give --at to choose another time." if offers_at else ""),
        file=sys.stderr,
    )
    return ManualClock(saved)


def add_file_people(directory: ConsoleDirectory, course: CourseFiles) -> None:
    """Put the cohort file's people in the console's workspace."""
    for person in course.cohort.participants:
        directory.add(person.user_id, person.name)
    for staff in (*course.cohort.coordinators, *course.cohort.moderators):
        directory.add(staff.user_id, staff.name or staff.user_id)


@dataclass(frozen=True)
class ConsoleMemory:
    """The console's clock in its database, what that database holds, and starting over."""

    state: ConsoleState
    clock: ManualClock
    directory: ConsoleDirectory
    course: CourseFiles
    setup: SetupService
    restart_at: datetime

    async def keep_time(self, now: datetime) -> None:
        await self.state.keep_time(now)

    async def held(self) -> Held:
        counts = await self.state.row_counts()
        clock = await self.state.saved_time() if counts.pop(CLOCK_TABLE, 0) else None
        others = sorted(await self.state.platforms() - {PLATFORM})
        refusal = None
        if others:
            refusal = (
                f"This database also holds cohorts on {listed([p.title() for p in others])}, "
                "so :reset will not empty it. Give the shell a database of its own "
                "(--database-url) to start again there."
            )
        return Held(_in_words(counts), clock, self.restart_at, refusal)

    async def start_over(self) -> None:
        await self.state.clear()
        self.clock.set(self.restart_at)
        self.directory.people.clear()
        self.directory.channels.clear()
        add_file_people(self.directory, self.course)
        await self.setup.apply(self.course.cohort, PLATFORM)
        await self.keep_time(self.restart_at)


def _in_words(counts: dict[str, int]) -> list[str]:
    """`6 people`, one a table, in TABLE_WORDS' order, then tables it does not name."""
    order = [*TABLE_WORDS, *sorted(counts.keys() - TABLE_WORDS.keys())]
    return [
        plural(counts[table], *TABLE_WORDS.get(table, (f"row of {table}", f"rows of {table}")))
        for table in order
        if table in counts
    ]
