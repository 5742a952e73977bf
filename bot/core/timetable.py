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

    def fits(self, when: WeeklyTime) -> bool:
        """Whether a weekly time is on a working day and within working hours."""
        return when.weekday in self.working_days and self.day_starts <= when.at < self.day_ends

    def nearest_fit(self, when: WeeklyTime) -> WeeklyTime:
        """The nearest weekly time that fits: the same or the latest working day before,
        at the same time kept within working hours."""
        day = next(
            d % 7 for d in range(when.weekday, when.weekday - 7, -1) if d % 7 in self.working_days
        )
        return WeeklyTime(day, self._within_hours(when.at))

    def last_quarter_hour(self) -> time:
        """The last quarter hour of the working day at which the bot may still write."""
        ends = datetime.combine(date.min, self.day_ends) - timedelta(minutes=1)
        return ends.replace(minute=ends.minute - ends.minute % 15).time()

    def describe_window(self) -> str:
        """The working days and hours in words: "Monday to Friday, from 08:00 to 17:45"."""
        days, last = describe_days(self.working_days), self.last_quarter_hour()
        return f"{days}, from {self.day_starts:%H:%M} to {last:%H:%M}"

    def in_week(self, start: date, week: int, when: WeeklyTime, zone: ZoneInfo) -> datetime | None:
        """When the bot sends what falls at `when` in programme week `week`, never in
        another week, so week N's message always arrives in week N.

        That is `when` itself if the bot may write then; else the next moment it may, if
        that is still in the week; else the same time (kept within working hours) on the
        latest working day before it in the week. None if the week has no working day.
        """
        planned = occurrence(start, week, when, zone)
        week_ends = datetime.combine(start + timedelta(weeks=week), time(0), zone)
        sent = self.next_allowed(planned, zone)
        if sent < week_ends:
            return sent
        # Later in the week there is no working time left: go back to an earlier day.
        first_day, at = start + timedelta(weeks=week - 1), self._within_hours(when.at)
        day = planned.date()
        while day >= first_day:
            moment = datetime.combine(day, at, zone)
            if self.is_working_day(day) and moment <= planned:
                return moment
            day -= timedelta(1)
        return None

    def _within_hours(self, at: time) -> time:
        return min(max(at, self.day_starts), self.last_quarter_hour())

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


def describe_days(days: Container[int]) -> str:
    """Weekdays in words: "Monday to Friday" for a run of days, else "Monday and Thursday"."""
    chosen = [n for n in range(7) if n in days]
    names = [WEEKDAYS[n].capitalize() for n in chosen]
    if len(chosen) > 2 and chosen == list(range(chosen[0], chosen[-1] + 1)):
        return f"{names[0]} to {names[-1]}"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def parse_weekday(text: str) -> int | None:
    """0-6 from 'monday', 'Mon' or 'thu'; None if it is not a day."""
    text = text.lower()
    if len(text) < 3:
        return None
    return next((i for i, name in enumerate(WEEKDAYS) if name.startswith(text)), None)
