"""The whole programme as a calendar, so coordinators can weigh 3 weeks against 6, and
what closing the cohort sends when they close it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.cohort_end import COURSE_WEEKS
from bot.core.model import Cohort, Curriculum
from bot.core.platforms import CommandNames
from bot.core.programme import weekly_plan
from bot.core.timetable import Timetable, WeeklyTime, occurrence
from bot.core.wording import duration


@dataclass(frozen=True)
class Entry:
    at: datetime
    what: str


def programme_calendar(
    cohort: Cohort, curriculum: Curriculum, timetable: Timetable, pace: int
) -> list[Entry]:
    """Every nudge, reminder, cohort post and digest of a cohort on one pace, in time order.
    The digest runs every week of the course (its longest pace), whatever this pace."""
    zone = ZoneInfo(cohort.time_zone)
    plan = weekly_plan(curriculum.modules, pace)
    entries = [
        entry
        for week in range(1, COURSE_WEEKS + 1)
        for entry in _digest(cohort, week, timetable, zone)
    ]
    for week in plan:
        modules = [curriculum.number_of(m.id) for m in week.modules]
        listed = _span(modules)
        entries += [
            *_entry(
                cohort,
                week.number,
                timetable.nudge,
                timetable,
                zone,
                f"Weekly message to each leader: {listed} ({duration(week.minutes)})",
            ),
            *_entry(
                cohort,
                week.number,
                timetable.nudge,
                timetable,
                zone,
                "Post in the cohort channel: the week's theme, modules and question",
            ),
        ]
        if week.number > 1:
            entries.extend(
                _entry(
                    cohort,
                    week.number,
                    timetable.reminder,
                    timetable,
                    zone,
                    "Reminder to leaders behind their plan, if any",
                )
            )
    return sorted(entries, key=lambda e: e.at)


def _digest(cohort: Cohort, week: int, timetable: Timetable, zone: ZoneInfo) -> list[Entry]:
    what = "Digest of progress to the coordinators' channel"
    if week == COURSE_WEEKS:
        what += (
            ": the last one, saying how to close the cohort (a reflection session after the "
            "course adds a digest in the week it ends)"
        )
    return _entry(cohort, week, timetable.digest, timetable, zone, what)


def closing_lines(names: CommandNames) -> list[str]:
    """What closing the cohort sends and stops, for the end of the calendar."""
    return [
        f"When you close the cohort with {names.cohort} close (you confirm first), in the "
        "sending window:",
        "  Closing summary to the cohort channel: what the cohort did together, and what "
        "leaders can still do",
        "  Final report to the coordinators' channel: the headline findings and the figures "
        "behind them",
        "  Weekly messages, reminders and digests stop. Leaders' personal data is kept for "
        "the retention period, counted from that day.",
    ]


def _span(modules: list[int]) -> str:
    if not modules:
        return "nothing new"
    if len(modules) == 1:
        return f"module {modules[0]}"
    return f"modules {modules[0]} to {modules[-1]}"


def _entry(
    cohort: Cohort, week: int, when: WeeklyTime, timetable: Timetable, zone: ZoneInfo, what: str
) -> list[Entry]:
    """The send, as the rhythm makes it: within working hours and within its own week."""
    planned = occurrence(cohort.start_date, week, when, zone)
    sent = timetable.in_week(cohort.start_date, week, when, zone)
    if sent is None:
        return []
    if sent != planned:
        what += f" (moved from {planned:%A %H:%M}: outside working hours or a bank holiday)"
    return [Entry(sent, f"Week {week}. {what}")]


def calendar_text(
    entries: list[Entry], zone: ZoneInfo, title: str, after: Sequence[str] = ()
) -> str:
    lines = [title]
    for entry in entries:
        local = entry.at.astimezone(zone)
        lines.append(f"{local:%a} {local.day:>2} {local:%b %Y %H:%M}  {entry.what}")
    return "\n".join([*lines, *([""] if after else []), *after])
