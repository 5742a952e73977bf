"""Published answers found by their words through the database's own full-text index:
FTS5 on SQLite, tsvector on PostgreSQL (run with TEST_DATABASE_URL for both)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.model import Cohort
from bot.core.questions import Post, Question, Side
from storage.orm import QuestionPostRow, QuestionRow
from storage.uow import SqlUnitOfWorkFactory
from tests.storage.conftest import NOON, AddPerson, camden_cohort

MEASURES = "How do we choose measures for a brand-new service?"
SLIDES = "Where are the slides for the session on dashboards?"
REPLY = "Start from the decision the measure should inform."


@pytest.fixture
async def asker(add_person: AddPerson) -> int:
    person = await add_person("Amira Khan")
    assert person.id is not None
    return person.id


async def asked(
    uow: SqlUnitOfWorkFactory,
    cohort: Cohort,
    asker: int,
    text: str,
    *replies: tuple[str, Side, bool],
    published: bool = True,
) -> Question:
    """A question with its posts (text, side, internal), published unless told."""
    assert cohort.id is not None
    at = NOON + timedelta(minutes=1)
    async with uow() as work:
        question = await work.questions.add(
            Question(cohort.id, asker, text, NOON, published_at=at if published else None)
        )
        assert question.id is not None
        for n, (words, side, internal) in enumerate(replies):
            post = Post(question.id, asker, side, words, f"{question.id}-{n}", at, internal)
            await work.questions.add_post(post)
        await work.commit()
    return question


async def found(uow: SqlUnitOfWorkFactory, cohort: Cohort, *terms: str) -> list[str]:
    assert cohort.id is not None
    async with uow() as work:
        return [q.text for q in await work.answers.matching(cohort.id, terms, 3)]


ANSWERED = (REPLY, Side.MODERATORS, False)


async def test_a_published_answer_is_found_by_its_words_or_its_replys_stemmed(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, asker: int
) -> None:
    await asked(uow, cohort, asker, MEASURES, ANSWERED)
    await asked(uow, cohort, asker, SLIDES, ("On the course page.", Side.MODERATORS, False))
    assert await found(uow, cohort, "measure") == [MEASURES]  # "measures" in the question
    assert await found(uow, cohort, "informing") == [MEASURES]  # "inform" in the reply
    assert await found(uow, cohort, "slides", "course") == [SLIDES]
    assert await found(uow, cohort, "penguins") == []
    assert await found(uow, cohort) == []


async def test_the_question_matching_most_ranks_first_and_the_list_is_cut(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, asker: int
) -> None:
    await asked(uow, cohort, asker, "Which service should we start with?")
    await asked(uow, cohort, asker, MEASURES, ANSWERED)
    for n in range(4):
        await asked(uow, cohort, asker, f"Is there a service map for borough {n}?")
    [best, *rest] = await found(uow, cohort, "measures", "decision", "service")
    assert best == MEASURES and len(rest) == 2


async def test_unpublished_questions_other_cohorts_notes_and_the_askers_words_are_not_found(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, asker: int
) -> None:
    async with uow() as work:
        other = await work.cohorts.add(camden_cohort("autumn-2027"))
        await work.commit()
    await asked(uow, cohort, asker, "Private worry about measures", published=False)
    await asked(uow, other, asker, "Measures in another cohort", ANSWERED)
    await asked(
        uow,
        cohort,
        asker,
        SLIDES,
        ("(internal) ask about measures", Side.MODERATORS, True),
        ("my measures question", Side.ASKER, False),
    )
    assert await found(uow, cohort, "measures") == []
    assert await found(uow, other, "measures") == ["Measures in another cohort"]


async def test_the_index_follows_every_change_to_the_words(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine, cohort: Cohort, asker: int
) -> None:
    """Rewriting a text (as erasure does), deleting a reply or a question: the old words
    are no longer found."""
    question = await asked(uow, cohort, asker, "Thanks, Amira here: measures?", ANSWERED)
    async with uow() as work:
        await work.questions.update(replace(question, text="Thanks, a leader here: measures?"))
        await work.commit()
    assert await found(uow, cohort, "amira") == []
    assert await found(uow, cohort, "leader") == ["Thanks, a leader here: measures?"]
    async with engine.begin() as connection:
        await connection.execute(update(QuestionPostRow).values(text="Ask the data team."))
    assert await found(uow, cohort, "decision") == []
    assert await found(uow, cohort, "team") == ["Thanks, a leader here: measures?"]
    async with engine.begin() as connection:
        await connection.execute(delete(QuestionPostRow))
    assert await found(uow, cohort, "team") == []
    async with engine.begin() as connection:
        await connection.execute(delete(QuestionRow))
    assert await found(uow, cohort, "leader") == []


async def test_questions_saved_are_counted_per_cohort(
    uow: SqlUnitOfWorkFactory, cohort: Cohort
) -> None:
    assert cohort.id is not None
    async with uow() as work:
        other = await work.cohorts.add(camden_cohort("autumn-2027"))
        assert other.id is not None
        await work.answers.record_saved(cohort.id, NOON)
        await work.answers.record_saved(cohort.id, NOON)
        await work.answers.record_saved(other.id, NOON)
        await work.commit()
    async with uow() as work:
        assert (await work.answers.saved(cohort.id), await work.answers.saved(other.id)) == (2, 1)
