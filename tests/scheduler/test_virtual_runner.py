"""The console's runner fires timed jobs at their wall-clock times and sweeps at every stop."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.clock import ManualClock
from scheduler.planner import JobSpec
from scheduler.runner import VirtualRunner

LONDON = ZoneInfo("Europe/London")


async def test_a_monday_nine_oclock_stop_stays_at_nine_across_both_clock_changes() -> None:
    clock = ManualClock(datetime(2027, 3, 15, 12, 0, tzinfo=LONDON))
    fired: list[datetime] = []
    swept: list[datetime] = []

    async def weekly() -> None:
        fired.append(clock.now().astimezone(LONDON))

    async def sweep() -> None:
        swept.append(clock.now())

    monday_nine = CronTrigger(day_of_week="mon", hour=9, timezone=LONDON)

    async def next_monday(after: datetime) -> datetime | None:
        fire: datetime | None = monday_nine.get_next_fire_time(None, after + timedelta(seconds=1))
        return fire

    async def never(_: datetime) -> None:
        return None

    specs = [
        JobSpec("weekly", monday_nine, weekly, next_monday),
        JobSpec("sweep", IntervalTrigger(seconds=5), sweep, never, sweep=True),
    ]
    runner = VirtualRunner(specs, clock)
    await runner.advance_to(datetime(2027, 11, 2, 0, 0, tzinfo=LONDON))
    *mondays, end = fired  # every job runs at every stop, and once more at the end
    assert len(mondays) == 33
    assert {(f.hour, f.minute) for f in mondays} == {(9, 0)}
    assert mondays[1].date().isoformat() == "2027-03-29"  # the day after clocks go forward
    assert mondays[-1].date().isoformat() == "2027-11-01"  # the day after clocks go back
    assert end == datetime(2027, 11, 2, 0, 0, tzinfo=LONDON)
    assert len(swept) == len(fired)
    assert clock.now() == datetime(2027, 11, 2, 0, 0, tzinfo=LONDON)
