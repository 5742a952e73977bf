"""Reflections: after finishing a week of their plan, a leader may say how they could use it."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime

from bot.core.standing import Standing

QUESTION = "How could you use this in your service?"


@dataclass(frozen=True)
class Reflection:
    """One week's question, offered once; `text` stays None until the leader answers."""

    enrolment_id: int
    week: int
    created_at: datetime
    text: str | None = None
    shared: bool = False
    answered_at: datetime | None = None
    id: int | None = None


def week_just_finished(standing: Standing, newly_done: Set[str]) -> int | None:
    """The latest plan week that `newly_done` modules completed, if they completed one."""
    finished = [
        week.number
        for week in standing.plan
        if week.modules
        and any(m.id in newly_done for m in week.modules)
        and all(m.id in standing.done for m in week.modules)
    ]
    return max(finished, default=None)
