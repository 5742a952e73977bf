"""When things happen: weekly times in the cohort's zone, working hours and bank holidays."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class WeeklyTime:
    weekday: int  # 0 is Monday
    at: time

    def describe(self) -> str:
        return f"{WEEKDAYS[self.weekday].capitalize()} at {self.at:%H:%M}"

    def overridden(self, weekday: int | None, at: time | None) -> WeeklyTime:
        """This time with a person's own day or time, where they chose one."""
        return WeeklyTime(self.weekday if weekday is None else weekday, at or self.at)


@dataclass(frozen=True)
class Timetable:
    """The cohort-wide defaults and the hours in which the bot may write to anyone."""

    nudge: WeeklyTime
    reminder: WeeklyTime
    digest: WeeklyTime
    working_days: frozenset[int]
    day_starts: time
    day_ends: time
    holidays: Container[date]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.working_days and day not in self.holidays

    def allows(self, moment: datetime, zone: ZoneInfo) -> bool:
        local = moment.astimezone(zone)
        in_hours = self.day_starts <= local.time() < self.day_ends
        return in_hours and self.is_working_day(local.date())

    def next_allowed(self, moment: datetime, zone: ZoneInfo) -> datetime:
        """`moment` if the bot may write then, else the start of the next working day."""
        if self.allows(moment, zone):
            return moment
        local = moment.astimezone(zone)
        day = local.date() if local.time() < self.day_starts else local.date() + timedelta(1)
        while not self.is_working_day(day):
            day += timedelta(1)
        return datetime.combine(day, self.day_starts, zone)

    def next_working_day_at(self, moment: datetime, at: time, zone: ZoneInfo) -> datetime:
        """The same wall-clock time `at` on the working day after `moment`."""
        day = moment.astimezone(zone).date() + timedelta(1)
        while not self.is_working_day(day):
            day += timedelta(1)
        return self.next_allowed(datetime.combine(day, at, zone), zone)


def occurrence(start: date, week: int, when: WeeklyTime, zone: ZoneInfo) -> datetime:
    """The moment `when` falls in programme week `week` (week 1 begins on `start`).

    Built from the wall-clock time in the cohort's zone, so a clock change moves nothing.
    """
    first_day = start + timedelta(weeks=week - 1)
    day = first_day + timedelta((when.weekday - first_day.weekday()) % 7)
    return datetime.combine(day, when.at, zone)


def parse_weekday(text: str) -> int | None:
    """0-6 from 'monday', 'Mon' or 'thu'; None if it is not a day."""
    text = text.lower()
    if len(text) < 3:
        return None
    return next((i for i, name in enumerate(WEEKDAYS) if name.startswith(text)), None)
