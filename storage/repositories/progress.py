"""Each leader's progress, counted with the database's help: a row per leader, not per module.

Two plain queries: the active leaders with their plans (pace, the week the plan starts, the
modules done when it was made), then one GROUP BY that folds each leader's completions
into one number, a bit per module. What the core's rules ask (modules of the curriculum
done, modules a plan expects that are not done) is then a count of bits, whatever the
number of plans the leaders follow. Each query is one level deep, so a planner with no
statistics yet (a cohort loaded a minute ago) still chooses well.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.model import EnrolmentStatus, Role, Seniority
from bot.core.progress_report import LeaderProgress, Plan, ProgressRules
from storage.orm import CompletionRow, EnrolmentRow, PersonRow

# Bits per summed column: a sum of distinct bits below 2**62 fits a signed 64-bit integer
# on both databases.
CHUNK = 62

# A plan as the database sees it: the pace, the week it starts, and the modules done when
# it was made as the column's JSON text ("" when there is none).
PlanKey = tuple[int, int, str]
# An active leader: enrolment id, plan, name, organisation and seniority.
Leader = tuple[int, int, int, str, str, str | None, str | None]


class Bits:
    """A bit for each module id that matters: the curriculum's, then those only in a
    plan's modules done at replan (a module since dropped from the curriculum)."""

    def __init__(self, modules: Sequence[str], plans: Iterable[Plan]) -> None:
        extra = sorted({m for plan in plans for m in plan.done_at_replan} - set(modules))
        self.modules = [*modules, *extra]
        self.of = {module: 1 << n for n, module in enumerate(self.modules)}

    def mask(self, modules: Iterable[str]) -> int:
        return sum(self.of[m] for m in set(modules))

    def columns(self) -> list[dict[str, int]]:
        """Module id to its bit within its summed column, 62 modules to a column."""
        return [
            {module: 1 << n for n, module in enumerate(self.modules[start : start + CHUNK])}
            for start in range(0, len(self.modules), CHUNK)
        ]


async def leader_progress(
    session: AsyncSession, cohort_id: int, rules: ProgressRules
) -> list[LeaderProgress]:
    """Every active leader of the cohort, by name, with their counts."""
    leaders = (await session.execute(_leaders(cohort_id, rules))).all()
    plans = {key: _plan(key) for key in {_key(leader[1:4]) for leader in leaders}}
    bits = Bits(rules.modules, plans.values())
    done = {
        row[0]: sum(part << (CHUNK * n) for n, part in enumerate(row[1:]))
        for row in await session.execute(_done(cohort_id, bits.columns()))
    }
    curriculum = bits.mask(rules.modules)
    expected = {key: bits.mask(rules.expected(plan)) for key, plan in plans.items()}
    return [_progress(leader, done.get(leader[0], 0), curriculum, expected) for leader in leaders]


def _leaders(cohort_id: int, rules: ProgressRules) -> Select[*Leader]:
    """The active leaders with their plans and people, by name."""
    replan: ColumnElement[str] = cast(EnrolmentRow.done_at_replan, String())
    return (
        select(
            EnrolmentRow.id,
            func.coalesce(EnrolmentRow.pace, rules.default_pace),
            EnrolmentRow.plan_start_week,
            func.coalesce(replan, ""),
            PersonRow.display_name,
            PersonRow.organisation_id,
            PersonRow.seniority,
        )
        .join(PersonRow, EnrolmentRow.person_id == PersonRow.id)
        .where(_active_leaders(cohort_id))
        # As EnrolmentRepository.members orders them, so the report lists leaders alike.
        .order_by(func.lower(PersonRow.display_name), PersonRow.id)
    )


def _done(cohort_id: int, columns: Sequence[Mapping[str, int]]) -> Select[*tuple[int, ...]]:
    """Per active leader with any completion: the sum of their modules' bits, per column.

    The leaders are a subquery rather than a join, so the completions are read in their
    index's order and grouped as they come.
    """
    leaders = select(EnrolmentRow.id).where(_active_leaders(cohort_id))
    sums = [
        cast(
            func.sum(
                case(
                    {module: literal(bit, BigInteger) for module, bit in column.items()},
                    value=CompletionRow.module_id,
                    else_=literal(0, BigInteger),
                )
            ),
            BigInteger,
        )
        for column in columns
    ]
    return (
        select(CompletionRow.enrolment_id, *sums)
        .where(CompletionRow.enrolment_id.in_(leaders))
        .group_by(CompletionRow.enrolment_id)
    )


def _active_leaders(cohort_id: int) -> ColumnElement[bool]:
    return and_(
        EnrolmentRow.cohort_id == cohort_id,
        EnrolmentRow.role == Role.LEADER.value,
        EnrolmentRow.status == EnrolmentStatus.ACTIVE.value,
    )


def _key(columns: Sequence[object]) -> PlanKey:
    pace, start, replan = columns
    assert isinstance(pace, int) and isinstance(start, int) and isinstance(replan, str)
    return pace, start, replan


def _plan(key: PlanKey) -> Plan:
    pace, start, replan = key
    # The column holds a JSON list, JSON null, or nothing.
    return Plan(pace, start, frozenset(json.loads(replan) or ()) if replan else frozenset())


def _progress(
    leader: Leader, done: int, curriculum: int, expected: Mapping[PlanKey, int]
) -> LeaderProgress:
    """The leader's counts from the bits of the modules they have done."""
    enrolment_id, pace, start, replan, name, organisation_id, seniority = leader
    return LeaderProgress(
        name,
        organisation_id,
        None if seniority is None else Seniority(seniority),
        pace,
        (done & curriculum).bit_count(),
        (expected[(pace, start, replan)] & ~done).bit_count(),
        enrolment_id,
    )
