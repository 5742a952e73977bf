"""Repositories for enrolments and the modules each enrolment has completed."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import time
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Row, Select, bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Bundle

from bot.core.model import (
    Cohort,
    Completion,
    Enrolment,
    EnrolmentStatus,
    Member,
    Person,
    Rhythm,
    Role,
)
from bot.core.progress_report import LeaderProgress, ProgressRules
from storage.orm import CohortRow, CompletionRow, EnrolmentRow, PersonRow
from storage.repositories.base import (
    by_name,
    existing,
    insert_new_rows,
    insert_unless_exists,
    table_of,
)
from storage.repositories.people import to_cohort, to_person
from storage.repositories.progress import leader_progress


def to_enrolment(row: EnrolmentRow | Row[Any] | SimpleNamespace) -> Enrolment:
    """An enrolment from its row, or from a query of its columns (`_ENROLMENT`, `by_name`)."""
    return Enrolment(
        cohort_id=row.cohort_id,
        person_id=row.person_id,
        role=Role(row.role),
        pace=row.pace,
        status=EnrolmentStatus(row.status),
        joined_at=row.joined_at,
        rhythm=Rhythm(
            plan_start_week=row.plan_start_week,
            done_at_replan=frozenset(row.done_at_replan or ()),
            nudge_weekday=row.nudge_weekday,
            nudge_time=time.fromisoformat(row.nudge_time) if row.nudge_time else None,
            behind_reminders=row.behind_reminders,
            paused_until=row.paused_until,
        ),
        id=row.id,
        job_title=row.job_title,
        consented_at=row.consented_at,
        waitlisted_at=row.waitlisted_at,
    )


class SqlEnrolmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def for_person(self, person_id: int) -> Sequence[Enrolment]:
        rows = await self._session.scalars(
            select(EnrolmentRow)
            .where(EnrolmentRow.person_id == person_id)
            .order_by(EnrolmentRow.id)
        )
        return [to_enrolment(row) for row in rows]

    async def add(self, enrolment: Enrolment) -> Enrolment:
        row = EnrolmentRow()
        _fill_enrolment(row, enrolment)
        self._session.add(row)
        await self._session.flush()
        return to_enrolment(row)

    async def update(self, enrolment: Enrolment) -> None:
        _fill_enrolment(await existing(self._session, EnrolmentRow, enrolment.id), enrolment)
        await self._session.flush()

    async def members(self, cohort_id: int, role: Role) -> Sequence[Member]:
        """Active enrolments of one role, each with its person, in one query."""
        return await self._members(
            _members_of(cohort_id, role).where(EnrolmentRow.status == EnrolmentStatus.ACTIVE.value)
        )

    async def all_members(self, cohort_id: int, role: Role) -> Sequence[Member]:
        """Enrolments of one role in any status (waitlisted, withdrawn), with their people."""
        return await self._members(_members_of(cohort_id, role))

    async def enrolled(self, cohort_id: int, role: Role) -> set[tuple[str, str]]:
        """Everyone with an enrolment of this role in the cohort, in any status, as
        (platform, platform user id), in one query."""
        rows = await self._session.execute(
            select(PersonRow.platform, PersonRow.platform_user_id)
            .join(EnrolmentRow, EnrolmentRow.person_id == PersonRow.id)
            .where(EnrolmentRow.cohort_id == cohort_id, EnrolmentRow.role == role.value)
        )
        return {(platform, user_id) for platform, user_id in rows}

    async def add_all(self, enrolments: Sequence[Enrolment]) -> set[int]:
        """Add enrolments in one statement; the ids of the people enrolled (one already
        enrolled in that role, by another process meanwhile, is left as it is)."""
        if not enrolments:
            return set()
        added = await insert_new_rows(
            self._session,
            EnrolmentRow,
            [_enrolment_values(e) for e in enrolments],
            ["cohort_id", "person_id", "role"],
            ["person_id"],
        )
        return {person_id for (person_id,) in added}

    async def waiting_in(self, cohort_id: int) -> set[str]:
        """The organisations with leaders on their waitlist in the cohort, in one query."""
        organisations = await self._session.scalars(
            select(PersonRow.organisation_id)
            .join(EnrolmentRow, EnrolmentRow.person_id == PersonRow.id)
            .where(
                EnrolmentRow.cohort_id == cohort_id,
                EnrolmentRow.role == Role.LEADER.value,
                EnrolmentRow.status == EnrolmentStatus.WAITLISTED.value,
            )
            .distinct()
        )
        return {o for o in organisations if o is not None}

    async def active_of(
        self, platform: str, platform_user_id: str
    ) -> Sequence[tuple[Person, Enrolment, Cohort]]:
        """The person's active enrolments, oldest first, each with the person and its
        cohort, in one query: every request starts by asking who is asking."""
        found = {"platform": platform, "platform_user_id": platform_user_id}
        result = await self._session.execute(_ACTIVE_OF, found)
        return [
            (
                to_person(by_name(_PEOPLE, row[:_PERSON_END])),
                to_enrolment(by_name(_ENROLMENTS, row[_PERSON_END:_ENROLMENT_END])),
                to_cohort(by_name(_COHORTS, row[_ENROLMENT_END:])),
            )
            for row in result
        ]

    async def _members(self, query: Select[Row[Any], Row[Any]]) -> list[Member]:
        result = await self._session.execute(query)
        return [Member(to_person(p), to_enrolment(e)) for e, p in result]


# Built once, with parameters, as they run on every request: building a statement costs
# more than running it, and a statement reused keeps its cache key. They name the tables,
# not the mapped classes, and read columns, not ORM objects: SQLAlchemy runs them as
# Core statements, at half the cost (nothing to load into the session; every write here
# is flushed as it is made, so there is nothing to flush before them either).
_PEOPLE, _ENROLMENTS, _COHORTS, _COMPLETIONS = (
    table_of(row) for row in (PersonRow, EnrolmentRow, CohortRow, CompletionRow)
)
_ACTIVE_OF = (
    select(_PEOPLE, _ENROLMENTS, _COHORTS)
    .join(_ENROLMENTS, _ENROLMENTS.c.person_id == _PEOPLE.c.id)
    .join(_COHORTS, _ENROLMENTS.c.cohort_id == _COHORTS.c.id)
    .where(
        _PEOPLE.c.platform == bindparam("platform"),
        _PEOPLE.c.platform_user_id == bindparam("platform_user_id"),
        _ENROLMENTS.c.status == EnrolmentStatus.ACTIVE.value,
    )
    .order_by(_ENROLMENTS.c.id)
)
# Where each table's columns end in a row of _ACTIVE_OF.
_PERSON_END = len(_PEOPLE.c)
_ENROLMENT_END = _PERSON_END + len(_ENROLMENTS.c)
_COMPLETIONS_OF = (
    select(
        _COMPLETIONS.c.enrolment_id,
        _COMPLETIONS.c.module_id,
        _COMPLETIONS.c.source,
        _COMPLETIONS.c.completed_at,
    )
    .where(_COMPLETIONS.c.enrolment_id == bindparam("enrolment_id"))
    .order_by(_COMPLETIONS.c.id)
)


# Columns in bundles rather than ORM objects: the weekly rhythm reads every leader each
# minute, and loading objects into the session's identity map costs several times more.
_ENROLMENT: Bundle[Any] = Bundle("enrolment", *EnrolmentRow.__table__.columns)
_PERSON: Bundle[Any] = Bundle("person", *PersonRow.__table__.columns)


def _members_of(cohort_id: int, role: Role) -> Select[Row[Any], Row[Any]]:
    """A cohort's enrolments of one role with their people, by name."""
    return (
        select(_ENROLMENT, _PERSON)
        .join(PersonRow, EnrolmentRow.person_id == PersonRow.id)
        .where(EnrolmentRow.cohort_id == cohort_id, EnrolmentRow.role == role.value)
        # lower(): SQLite sorts capitals first, PostgreSQL by locale; this agrees on both.
        .order_by(func.lower(PersonRow.display_name), PersonRow.id)
    )


def _fill_enrolment(row: EnrolmentRow, enrolment: Enrolment) -> None:
    for name, value in _enrolment_values(enrolment).items():
        setattr(row, name, value)


def _enrolment_values(enrolment: Enrolment) -> dict[str, object]:
    rhythm = enrolment.rhythm
    return {
        "cohort_id": enrolment.cohort_id,
        "person_id": enrolment.person_id,
        "role": enrolment.role.value,
        "status": enrolment.status.value,
        "pace": enrolment.pace,
        "joined_at": enrolment.joined_at,
        "plan_start_week": rhythm.plan_start_week,
        "done_at_replan": sorted(rhythm.done_at_replan) or None,
        "nudge_weekday": rhythm.nudge_weekday,
        "nudge_time": rhythm.nudge_time.strftime("%H:%M") if rhythm.nudge_time else None,
        "behind_reminders": rhythm.behind_reminders,
        "paused_until": rhythm.paused_until,
        "job_title": enrolment.job_title,
        "consented_at": enrolment.consented_at,
        "waitlisted_at": enrolment.waitlisted_at,
    }


class SqlCompletionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def for_enrolment(self, enrolment_id: int) -> Sequence[Completion]:
        result = await self._session.execute(_COMPLETIONS_OF, {"enrolment_id": enrolment_id})
        return [Completion(*row) for row in result]

    async def add(self, completion: Completion) -> bool:
        """Record a completion; False if it was already recorded."""
        values = {
            "enrolment_id": completion.enrolment_id,
            "module_id": completion.module_id,
            "source": completion.source,
            "completed_at": completion.completed_at,
        }
        return await insert_unless_exists(
            self._session, CompletionRow, values, ["enrolment_id", "module_id"]
        )

    async def remove(self, enrolment_id: int, module_id: str) -> bool:
        result = await self._session.execute(
            delete(CompletionRow)
            .where(CompletionRow.enrolment_id == enrolment_id, CompletionRow.module_id == module_id)
            .returning(CompletionRow.id)
        )
        return result.first() is not None

    async def counts(self, cohort_id: int, module_ids: Collection[str]) -> dict[int, int]:
        """Completed modules per enrolment of a cohort, counting only `module_ids` (the
        course file's), in one query."""
        result = await self._session.execute(
            select(CompletionRow.enrolment_id, func.count())
            .join(EnrolmentRow, CompletionRow.enrolment_id == EnrolmentRow.id)
            .where(EnrolmentRow.cohort_id == cohort_id, CompletionRow.module_id.in_(module_ids))
            .group_by(CompletionRow.enrolment_id)
        )
        return {enrolment_id: done for enrolment_id, done in result}

    async def counts_by_module(self, cohort_id: int) -> dict[str, int]:
        """Completions of a cohort per module id, in one query."""
        result = await self._session.execute(
            select(CompletionRow.module_id, func.count())
            .join(EnrolmentRow, CompletionRow.enrolment_id == EnrolmentRow.id)
            .where(EnrolmentRow.cohort_id == cohort_id)
            .group_by(CompletionRow.module_id)
        )
        return {module_id: done for module_id, done in result}

    async def done_by_enrolment(
        self, cohort_id: int, only: Collection[int] | None = None
    ) -> dict[int, frozenset[str]]:
        """The module ids each enrolment of a cohort has done (or only those enrolments),
        in one query."""
        query = (
            select(CompletionRow.enrolment_id, CompletionRow.module_id)
            .join(EnrolmentRow, CompletionRow.enrolment_id == EnrolmentRow.id)
            .where(EnrolmentRow.cohort_id == cohort_id)
        )
        if only is not None:
            query = query.where(CompletionRow.enrolment_id.in_(only))
        result = await self._session.execute(query)
        done: dict[int, set[str]] = {}
        for enrolment_id, module_id in result:
            done.setdefault(enrolment_id, set()).add(module_id)
        return {enrolment_id: frozenset(ids) for enrolment_id, ids in done.items()}

    async def leader_progress(
        self, cohort_id: int, rules: ProgressRules
    ) -> Sequence[LeaderProgress]:
        """Each active leader's modules done and behind, counted by the database."""
        return await leader_progress(self._session, cohort_id, rules)

    async def for_cohort(self, cohort_id: int) -> Sequence[Completion]:
        """Every completion of a cohort's enrolments, oldest first, in one query."""
        # Columns rather than ORM objects: a large cohort has tens of thousands.
        result = await self._session.execute(
            select(
                CompletionRow.enrolment_id,
                CompletionRow.module_id,
                CompletionRow.source,
                CompletionRow.completed_at,
            )
            .join(EnrolmentRow, CompletionRow.enrolment_id == EnrolmentRow.id)
            .where(EnrolmentRow.cohort_id == cohort_id)
            .order_by(CompletionRow.completed_at, CompletionRow.id)
        )
        return [Completion(*row) for row in result]
