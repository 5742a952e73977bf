"""When a cohort's work is over: its course (the longest pace), then any reflection
sessions after it. The digest runs until then, and the preview shows it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.model import PACES
from bot.core.polls import Poll
from bot.core.programme import week_of
from bot.core.timetable import WeeklyTime, occurrence

COURSE_WEEKS = max(PACES)


@dataclass(frozen=True)
class PlannedSessions:
    """A cohort's reflection sessions, confirmed or still being planned, by when each ends."""

    confirmed: tuple[datetime, ...] = ()  # when each confirmed session ends
    possible: tuple[datetime, ...] = ()  # when each slot of a poll not yet confirmed ends
    open_polls: tuple[Poll, ...] = ()

    @property
    def ends(self) -> tuple[datetime, ...]:
        """Every moment a session ends or may end."""
        return self.confirmed + self.possible


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
