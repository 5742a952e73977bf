"""When a message to many people goes: at once, or when the sending window opens."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.timetable import Timetable
from bot.core.wording import day


def goes(at: datetime, now: datetime, zone: ZoneInfo, timetable: Timetable) -> str:
    """'now', or 'at 09:00 on Monday 1 March 2027, when the sending window opens (working
    days, 08:00 to 18:00)', to end a sentence such as "It goes ..."."""
    if at <= now:
        return "now"
    local = at.astimezone(zone)
    return (
        f"at {local:%H:%M} on {day(local.date())}, when the sending window opens "
        f"(working days, {timetable.day_starts:%H:%M} to {timetable.day_ends:%H:%M})"
    )
