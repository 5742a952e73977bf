"""The answers moderators published to the cohort, found by their words in the database's
own full-text index (migration 0013), and the questions those answers saved.

Each dialect searches its own index: SQLite's FTS5 tables ranked by bm25, PostgreSQL's
GIN indexes on `to_tsvector('english', text)` ranked by ts_rank. A question matches on its
own words or on a moderator's reply to it (internal notes left out); its score is the sum
over both, so a question that matches in both ranks first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    false,
    func,
    insert,
    literal_column,
    select,
    table,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.questions import Question, Side
from storage.orm import QuestionPostRow, QuestionRow, SavedQuestionRow
from storage.repositories.questions import to_question

# SQLite's FTS5 indexes, by the row ids of the tables they index.
QUESTION_SEARCH = table("question_search", column("rowid"))
POST_SEARCH = table("question_post_search", column("rowid"))
# A constant, so PostgreSQL matches the expression of the GIN indexes.
ENGLISH: ColumnElement[str] = literal_column("'english'")


class SqlPublishedAnswerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def matching(
        self, cohort_id: int, terms: Sequence[str], limit: int
    ) -> Sequence[Question]:
        """Published questions whose words, or whose moderators' replies, have any of the
        terms, best match first."""
        if not terms:
            return []
        postgres = self._session.get_bind().dialect.name == "postgresql"
        scored = (_postgres_scores if postgres else _sqlite_scores)(terms).subquery()
        score = func.sum(scored.c.score)
        rows = await self._session.scalars(
            select(QuestionRow)
            .join(scored, scored.c.question_id == QuestionRow.id)
            .where(QuestionRow.cohort_id == cohort_id, QuestionRow.published_at.is_not(None))
            .group_by(QuestionRow.id)
            .order_by(score.desc() if postgres else score, QuestionRow.id)
            .limit(limit)
            .execution_options(populate_existing=True)
        )
        return [to_question(row) for row in rows]

    async def record_saved(self, cohort_id: int, at: datetime) -> None:
        """Count one question a published answer saved."""
        await self._session.execute(
            insert(SavedQuestionRow).values(cohort_id=cohort_id, saved_at=at)
        )

    async def saved(self, cohort_id: int) -> int:
        """How many questions published answers saved in the cohort."""
        count = await self._session.scalar(
            select(func.count()).where(SavedQuestionRow.cohort_id == cohort_id)
        )
        return int(count or 0)


def _answers() -> ColumnElement[bool]:
    """Posts that are a moderator's reply the asker saw, not an internal note."""
    return (QuestionPostRow.side == Side.MODERATORS.value) & (QuestionPostRow.internal == false())


def _sqlite_scores(terms: Sequence[str]) -> Select[tuple[int, float]]:
    """(question id, bm25 score: lower is better) for each match, in either index."""
    # Each term a quoted phrase (terms are words only), any of them may match.
    query = " OR ".join(f'"{term}"' for term in terms)
    in_questions = select(
        QUESTION_SEARCH.c.rowid.label("question_id"),
        func.bm25(literal_column("question_search")).label("score"),
    ).where(literal_column("question_search").op("MATCH")(query))
    in_answers = (
        select(QuestionPostRow.question_id, func.bm25(literal_column("question_post_search")))
        .join(POST_SEARCH, POST_SEARCH.c.rowid == QuestionPostRow.id)
        .where(literal_column("question_post_search").op("MATCH")(query), _answers())
    )
    return union_all(in_questions, in_answers)  # type: ignore[return-value]


def _postgres_scores(terms: Sequence[str]) -> Select[tuple[int, float]]:
    """(question id, ts_rank score: higher is better) for each match, in either index."""
    query = func.websearch_to_tsquery(ENGLISH, " or ".join(terms))
    question_words = func.to_tsvector(ENGLISH, QuestionRow.text)
    answer_words = func.to_tsvector(ENGLISH, QuestionPostRow.text)
    in_questions = select(
        QuestionRow.id.label("question_id"), func.ts_rank(question_words, query).label("score")
    ).where(question_words.bool_op("@@")(query))
    in_answers = select(QuestionPostRow.question_id, func.ts_rank(answer_words, query)).where(
        answer_words.bool_op("@@")(query), _answers()
    )
    return union_all(in_questions, in_answers)  # type: ignore[return-value]
