"""When a cohort's work is over: its course (the longest pace), then any reflection
sessions after it. The digest runs until then, and the preview shows it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.model import PACES
from bot.core.programme import week_of
from bot.core.timetable import WeeklyTime, occurrence

COURSE_WEEKS = max(PACES)


def last_digest_week(
    start: date, digest: WeeklyTime, zone: ZoneInfo, later: Iterable[datetime] = ()
) -> int:
    """The week of the last digest: the course's last week, or, for each reflection
    session that ends after the course (`later`), the first digest after it ends, so the
    coordinators see its attendance; whichever is latest."""
    last = COURSE_WEEKS
    for ends in later:
        week = week_of(start, ends.astimezone(zone).date())
        if occurrence(start, week, digest, zone) < ends:
            week += 1  # that week's digest went before the session was over
        last = max(last, week)
    return last
