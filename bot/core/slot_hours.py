"""Session slots at times leaders are unlikely to be free: on a day off, before the
working day starts or after it ends. Coordinators are warned, never refused: an evening
session may be just what a cohort asked for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.polls import SlotPlan
from bot.core.timetable import Timetable


@dataclass(frozen=True)
class OddSlot:
    starts_at: datetime
    why: str  # "a Saturday", "before 08:00"


def odd_slots(slots: Sequence[SlotPlan], timetable: Timetable, zone: ZoneInfo) -> list[OddSlot]:
    """The slots outside the working days and hours, each with why, in the cohort's zone."""
    odd = []
    for slot in slots:
        why = _why_odd(slot, timetable, zone)
        if why is not None:
            odd.append(OddSlot(slot.starts_at, why))
    return odd


def _why_odd(slot: SlotPlan, timetable: Timetable, zone: ZoneInfo) -> str | None:
    start = slot.starts_at.astimezone(zone)
    end = start + timedelta(minutes=slot.minutes)
    if start.date() in timetable.holidays:
        return "a bank holiday"
    if start.weekday() not in timetable.working_days:
        return f"a {start:%A}"
    if start.time() < timetable.day_starts:
        return f"before {timetable.day_starts:%H:%M}"
    if start.time() >= timetable.day_ends:
        return f"after {timetable.day_ends:%H:%M}"
    if end.date() != start.date() or end.time() > timetable.day_ends:
        return f"runs past {timetable.day_ends:%H:%M}"
    return None
