"""Where a leader stands: what is done, what the plan expects, what is left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.core.model import Cohort, Curriculum, Enrolment, Module
from bot.core.programme import Week, due_by, week_of, weekly_plan


@dataclass(frozen=True)
class Standing:
    curriculum: Curriculum
    done: frozenset[str]
    pace: int
    week: int  # 0 before the start; above `pace` once the planned weeks are over
    start: date

    @property
    def plan(self) -> tuple[Week, ...]:
        return weekly_plan(self.curriculum.modules, self.pace)

    @property
    def this_week(self) -> Week | None:
        return self.plan[self.week - 1] if 1 <= self.week <= self.pace else None

    @property
    def finished(self) -> bool:
        return all(m.id in self.done for m in self.curriculum.modules)

    @property
    def minutes_left(self) -> int:
        return sum(m.minutes for m in self.curriculum.modules if m.id not in self.done)

    @property
    def behind_by(self) -> int:
        """Modules the plan expected done by the end of last week that are not."""
        return sum(1 for m in due_by(self.plan, self.week - 1) if m.id not in self.done)

    def number(self, module: Module) -> int:
        return self.curriculum.number_of(module.id)


def standing(
    curriculum: Curriculum, cohort: Cohort, enrolment: Enrolment, done: frozenset[str], today: date
) -> Standing:
    pace = enrolment.pace or cohort.default_pace
    return Standing(curriculum, done, pace, week_of(cohort.start_date, today), cohort.start_date)
