"""Where a leader stands: what is done, what the plan expects, what is left."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from bot.core.model import Cohort, Curriculum, Enrolment, Module, Rhythm
from bot.core.programme import Week, due_by, week_of, weekly_plan


@dataclass(frozen=True)
class Standing:
    curriculum: Curriculum
    done: frozenset[str]
    pace: int
    week: int  # the programme week today: 0 before the start
    start: date
    rhythm: Rhythm = field(default_factory=Rhythm)

    @property
    def plan(self) -> tuple[Week, ...]:
        """The leader's own weeks, numbered as programme weeks.

        A leader who joined late, or resumed after a pause, has a plan from that week to
        the end of their pace, covering what they had not done when it was made.
        """
        first = self.rhythm.plan_start_week
        modules = tuple(
            m for m in self.curriculum.modules if m.id not in self.rhythm.done_at_replan
        )
        return _plan(modules, max(1, self.pace - first + 1), first)

    @property
    def last_week(self) -> int:
        return self.plan[-1].number

    @property
    def this_week(self) -> Week | None:
        return next((w for w in self.plan if w.number == self.week), None)

    @property
    def finished(self) -> bool:
        return all(m.id in self.done for m in self.curriculum.modules)

    @property
    def minutes_left(self) -> int:
        return sum(m.minutes for m in self.to_do)

    @property
    def to_do(self) -> tuple[Module, ...]:
        return tuple(m for m in self.curriculum.modules if m.id not in self.done)

    @property
    def expected(self) -> frozenset[str]:
        """Module ids the plan expected done by the end of last week; of those done when
        the plan was made, only modules still in the curriculum."""
        due = frozenset(m.id for m in due_by(self.plan, self.week - 1))
        return due | self.curriculum.current(self.rhythm.done_at_replan)

    @property
    def behind_by(self) -> int:
        """Modules the plan expected done by the end of last week that are not."""
        return len(self.expected - self.done)

    def catch_up_plan(self) -> tuple[Week, ...]:
        """What is left, spread over the weeks left (this week at least)."""
        first = max(self.week, 1)
        return _numbered(weekly_plan(self.to_do, max(1, self.last_week - first + 1)), first)

    def number(self, module: Module) -> int:
        return self.curriculum.number_of(module.id)


@lru_cache(maxsize=1024)
def _plan(modules: tuple[Module, ...], weeks: int, first: int) -> tuple[Week, ...]:
    # Most leaders share a plan, and reports work out thousands of standings at once.
    return _numbered(weekly_plan(modules, weeks), first)


def _numbered(weeks: tuple[Week, ...], first: int) -> tuple[Week, ...]:
    return tuple(Week(first + i, w.modules) for i, w in enumerate(weeks))


def standing(
    curriculum: Curriculum, cohort: Cohort, enrolment: Enrolment, done: frozenset[str], today: date
) -> Standing:
    """Where the leader stands today; only modules in the course file now count as done."""
    pace = enrolment.pace or cohort.default_pace
    week = week_of(cohort.start_date, today)
    current = curriculum.current(done)
    return Standing(curriculum, current, pace, week, cohort.start_date, enrolment.rhythm)
