"""The warning a coordinator gets about poll slots outside working hours."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.messages import Message, Paragraph
from bot.core.replies.polls import moment
from bot.core.slot_hours import OddSlot
from bot.core.timetable import Timetable
from bot.core.wording import listed


def with_odd_times(
    message: Message, odd: Sequence[OddSlot], timetable: Timetable, zone: ZoneInfo
) -> Message:
    """The message with a note naming the slots leaders may not be free for."""
    hours = f"{_days(timetable.working_days)}, {timetable.day_starts:%H:%M} to "
    hours += f"{timetable.day_ends:%H:%M}"
    times = "; ".join(f"{moment(slot.starts_at, zone)} ({slot.why})" for slot in odd)
    note = (
        f"Check these times, outside working hours ({hours}): {times}. Leaders may not be "
        "free then. If a time is wrong, close this poll and start another."
    )
    return Message(f"{message.text} {note}", (*message.blocks, Paragraph(note)))


def _days(working_days: frozenset[int]) -> str:
    """'Monday to Friday', or the days named one by one when they are not in a row."""
    days = sorted(working_days)
    names = [calendar.day_name[d] for d in days]
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{names[0]} to {names[-1]}"
    return listed(names)
