"""Questions leaders ask the moderators, and the messages written about each one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.questions import Post, Question, QuestionStatus, Side
from storage.orm import QuestionPostRow, QuestionRow
from storage.repositories.base import dialect_insert, existing

WAITING = tuple(status.value for status in QuestionStatus if status.waiting)


def to_question(row: QuestionRow) -> Question:
    return Question(
        cohort_id=row.cohort_id,
        asker_id=row.asker_id,
        text=row.text,
        asked_at=row.asked_at,
        module_id=row.module_id,
        anonymous=row.anonymous,
        may_publish=row.may_publish,
        status=QuestionStatus(row.status),
        claimed_by=row.claimed_by,
        first_reply_at=row.first_reply_at,
        reminded_at=row.reminded_at,
        published_at=row.published_at,
        id=row.id,
    )


def to_post(row: QuestionPostRow) -> Post:
    return Post(
        question_id=row.question_id,
        author_id=row.author_id,
        side=Side(row.side),
        text=row.text,
        source=row.source,
        at=row.at,
        internal=row.internal,
        id=row.id,
    )


class SqlQuestionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, question: Question) -> Question:
        row = QuestionRow()
        _fill_question(row, question)
        self._session.add(row)
        await self._session.flush()
        return to_question(row)

    async def get(self, question_id: int) -> Question | None:
        row = await self._session.get(QuestionRow, question_id, populate_existing=True)
        return None if row is None else to_question(row)

    async def update(self, question: Question) -> None:
        _fill_question(await existing(self._session, QuestionRow, question.id), question)
        await self._session.flush()

    async def delete(self, question_id: int) -> None:
        await self._session.execute(delete(QuestionRow).where(QuestionRow.id == question_id))

    async def for_cohort(self, cohort_id: int) -> Sequence[Question]:
        """Every question of a cohort except drafts, oldest first."""
        rows = await self._session.scalars(
            select(QuestionRow)
            .where(
                QuestionRow.cohort_id == cohort_id,
                QuestionRow.status != QuestionStatus.DRAFT.value,
            )
            .order_by(QuestionRow.asked_at, QuestionRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_question(row) for row in rows]

    async def awaiting_reminder(self) -> Sequence[Question]:
        """Open or claimed questions with no moderator reply and no reminder yet."""
        rows = await self._session.scalars(
            select(QuestionRow)
            .where(
                QuestionRow.status.in_(WAITING),
                QuestionRow.first_reply_at.is_(None),
                QuestionRow.reminded_at.is_(None),
            )
            .order_by(QuestionRow.asked_at, QuestionRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_question(row) for row in rows]

    async def hand_over(self, question_id: int, was: int | None, to: int | None) -> bool:
        """Give a waiting question to the moderator `to` (None: to nobody) if `was` still
        holds it; False if someone changed it first."""
        holder = QuestionRow.claimed_by.is_(None) if was is None else QuestionRow.claimed_by == was
        status = QuestionStatus.OPEN if to is None else QuestionStatus.CLAIMED
        # One conditional UPDATE: of two moderators pressing at once, exactly one wins.
        result = await self._session.execute(
            update(QuestionRow)
            .where(QuestionRow.id == question_id, QuestionRow.status.in_(WAITING), holder)
            .values(claimed_by=to, status=status.value)
            .execution_options(synchronize_session=False)
        )
        return cast(CursorResult[Any], result).rowcount == 1

    async def add_post(self, post: Post) -> Post | None:
        """Keep a message about a question; None if the message from `source` was kept before."""
        statement = dialect_insert(self._session, QuestionPostRow).values(
            question_id=post.question_id,
            author_id=post.author_id,
            side=post.side.value,
            text=post.text,
            source=post.source,
            at=post.at,
            internal=post.internal,
        )
        # ON CONFLICT DO NOTHING: a platform that delivers one message twice keeps it once.
        result = await self._session.execute(
            statement.on_conflict_do_nothing(index_elements=["source"]).returning(
                QuestionPostRow.id
            )
        )
        new_id = result.scalar()
        return None if new_id is None else replace(post, id=new_id)

    async def post_from(self, source: str) -> Post | None:
        row = await self._session.scalar(
            select(QuestionPostRow)
            .where(QuestionPostRow.source == source)
            .execution_options(populate_existing=True)
        )
        return None if row is None else to_post(row)

    async def update_post(self, post: Post) -> None:
        """Keep an edited message's new text, and whether it is now internal."""
        row = await existing(self._session, QuestionPostRow, post.id)
        row.text = post.text
        row.internal = post.internal
        await self._session.flush()

    async def posts(self, question_ids: Sequence[int]) -> Sequence[Post]:
        """The posts about these questions, oldest first, in one query."""
        if not question_ids:
            return []
        rows = await self._session.scalars(
            select(QuestionPostRow)
            .where(QuestionPostRow.question_id.in_(question_ids))
            .order_by(QuestionPostRow.at, QuestionPostRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_post(row) for row in rows]


def _fill_question(row: QuestionRow, question: Question) -> None:
    row.cohort_id = question.cohort_id
    row.asker_id = question.asker_id
    row.text = question.text
    row.module_id = question.module_id
    row.anonymous = question.anonymous
    row.may_publish = question.may_publish
    row.status = question.status.value
    row.claimed_by = question.claimed_by
    row.asked_at = question.asked_at
    row.first_reply_at = question.first_reply_at
    row.reminded_at = question.reminded_at
    row.published_at = question.published_at
