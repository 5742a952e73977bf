"""The reflection question offered to a leader after each week of their plan, and the answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.reflection import Reflection
from storage.orm import ReflectionRow
from storage.repositories.base import dialect_insert


def to_reflection(row: ReflectionRow) -> Reflection:
    return Reflection(
        enrolment_id=row.enrolment_id,
        week=row.week,
        created_at=row.created_at,
        text=row.text,
        shared=row.shared,
        answered_at=row.answered_at,
        id=row.id,
    )


class SqlReflectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def offer(self, reflection: Reflection) -> Reflection | None:
        """Record that a week's question was offered; None if it was offered before."""
        statement = dialect_insert(self._session, ReflectionRow).values(
            enrolment_id=reflection.enrolment_id,
            week=reflection.week,
            text=reflection.text,
            shared=reflection.shared,
            created_at=reflection.created_at,
        )
        # ON CONFLICT DO NOTHING: two check-ins finishing the same week offer it once.
        result = await self._session.execute(
            statement.on_conflict_do_nothing(index_elements=["enrolment_id", "week"]).returning(
                ReflectionRow.id
            )
        )
        new_id = result.scalar()
        return None if new_id is None else replace(reflection, id=new_id)

    async def get(self, reflection_id: int) -> Reflection | None:
        row = await self._session.get(ReflectionRow, reflection_id, populate_existing=True)
        return None if row is None else to_reflection(row)

    async def answer(self, reflection_id: int, text: str, shared: bool, at: datetime) -> bool:
        """Keep the leader's answer; False if the question was answered before."""
        # One conditional UPDATE, so of two answers sent at once only the first is kept.
        result = await self._session.execute(
            update(ReflectionRow)
            .where(ReflectionRow.id == reflection_id, ReflectionRow.text.is_(None))
            .values(text=text, shared=shared, answered_at=at)
            .returning(ReflectionRow.id)
        )
        return result.first() is not None

    async def for_enrolment(self, enrolment_id: int) -> Sequence[Reflection]:
        rows = await self._session.scalars(
            select(ReflectionRow)
            .where(ReflectionRow.enrolment_id == enrolment_id)
            .order_by(ReflectionRow.week)
            .execution_options(populate_existing=True)
        )
        return [to_reflection(row) for row in rows]
