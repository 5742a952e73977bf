"""Which poll slots fall outside working days and hours, and why."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.core.polls import SlotPlan
from bot.core.slot_hours import odd_slots
from bot.core.timetable import Timetable, WeeklyTime

LONDON = ZoneInfo("Europe/London")
TIMETABLE = Timetable(
    nudge=WeeklyTime(0, time(9)),
    reminder=WeeklyTime(3, time(12)),
    digest=WeeklyTime(4, time(15)),
    working_days=frozenset(range(5)),
    day_starts=time(8),
    day_ends=time(18),
    holidays=frozenset({date(2027, 5, 3)}),  # the early May bank holiday
)


def slot(day: date, at: time, minutes: int = 60) -> SlotPlan:
    return SlotPlan(datetime.combine(day, at, LONDON), minutes)


def test_slots_on_days_off_or_outside_hours_are_named_with_why() -> None:
    slots = [
        slot(date(2027, 5, 1), time(10)),  # Saturday
        slot(date(2027, 5, 3), time(10)),  # bank holiday Monday
        slot(date(2027, 5, 4), time(7)),
        slot(date(2027, 5, 4), time(18)),
        slot(date(2027, 5, 5), time(17, 30)),
        slot(date(2027, 5, 5), time(8)),  # the working day's first hour
        slot(date(2027, 5, 6), time(17), 60),  # ends as the working day does
    ]
    odd = odd_slots(slots, TIMETABLE, LONDON)
    assert [o.why for o in odd] == [
        "a Saturday",
        "a bank holiday",
        "before 08:00",
        "after 18:00",
        "runs past 18:00",
    ]
    assert [o.starts_at for o in odd] == [s.starts_at for s in slots[:5]]
