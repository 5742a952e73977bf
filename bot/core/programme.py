"""The weekly plan: which modules a leader takes in which week of their pace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.model import Module


@dataclass(frozen=True)
class Week:
    number: int  # 1-based
    modules: tuple[Module, ...]

    @property
    def minutes(self) -> int:
        return sum(m.minutes for m in self.modules)


def weekly_plan(modules: Sequence[Module], weeks: int) -> tuple[Week, ...]:
    """Split ordered modules into `weeks` weeks of about equal time.

    Each module goes to the week in which its midpoint falls on the course's
    timeline, so modules keep their order, are never split, and a module
    longer than a week's budget simply fills its week. Some weeks are empty
    when there are fewer modules than weeks.
    """
    if weeks < 1:
        raise ValueError("a plan needs at least one week")
    total = sum(m.minutes for m in modules)
    buckets: list[list[Module]] = [[] for _ in range(weeks)]
    elapsed = 0
    for module in modules:
        midpoint = elapsed + module.minutes / 2
        index = int(midpoint * weeks // total) if total else 0
        buckets[min(index, weeks - 1)].append(module)
        elapsed += module.minutes
    return tuple(Week(n, tuple(b)) for n, b in enumerate(buckets, 1))


def week_of(start: date, today: date) -> int:
    """The programme week `today` falls in: 0 before the start, then 1, 2, ..."""
    if today < start:
        return 0
    return (today - start).days // 7 + 1


def due_by(plan: Sequence[Week], week: int) -> tuple[Module, ...]:
    """Every module the plan expects done by the end of `week`."""
    return tuple(m for w in plan if w.number <= week for m in w.modules)
