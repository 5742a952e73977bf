"""Migration 0013 indexes the questions already held, and marks answered the waiting
questions a moderator had replied to, which a reply used to leave open."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from alembic import command

from bot.core.model import Cohort
from bot.core.questions import Post, Question, QuestionStatus, Side
from storage.migrate import alembic_config
from storage.uow import SqlUnitOfWorkFactory
from tests.storage.conftest import NOON, AddPerson

LATER = NOON + timedelta(hours=1)


async def _migrate(database_url: str, revision: str, down: bool = False) -> None:
    step = command.downgrade if down else command.upgrade
    await asyncio.to_thread(step, alembic_config(database_url), revision)


async def test_questions_held_before_are_searchable_and_replied_ones_answered(
    uow: SqlUnitOfWorkFactory, database_url: str, cohort: Cohort, add_person: AddPerson
) -> None:
    asker, moderator = (await add_person("Amira Khan")).id, (await add_person("Priya")).id
    assert cohort.id is not None and asker is not None and moderator is not None
    await _migrate(database_url, "0012", down=True)
    # (status, first reply, posts as (side, internal, minutes after noon))
    held = [
        (QuestionStatus.OPEN, NOON, [(Side.MODERATORS, False, 0)]),  # replied: answered
        (QuestionStatus.CLAIMED, NOON, [(Side.MODERATORS, False, 0), (Side.ASKER, False, 9)]),
        (QuestionStatus.OPEN, None, [(Side.MODERATORS, True, 0)]),  # a note is no reply
        (QuestionStatus.RESOLVED, NOON, [(Side.MODERATORS, False, 0)]),
    ]
    ids = []
    async with uow() as work:
        for n, (status, replied, posts) in enumerate(held):
            question = await work.questions.add(
                Question(
                    cohort.id,
                    asker,
                    f"Measures, case {n}",
                    NOON,
                    status=status,
                    claimed_by=moderator,
                    first_reply_at=replied,
                    published_at=LATER,
                )
            )
            assert question.id is not None
            ids.append(question.id)
            for m, (side, internal, minutes) in enumerate(posts):
                at = NOON + timedelta(minutes=minutes)
                author = moderator if side is Side.MODERATORS else asker
                post = Post(question.id, author, side, "Start here.", f"{n}-{m}", at, internal)
                await work.questions.add_post(post)
        await work.commit()
    await _migrate(database_url, "head")

    async with uow() as work:
        statuses = [(await work.questions.get(i)) for i in ids]
        found = await work.answers.matching(cohort.id, ["measures"], 10)
    assert [q.status if q else None for q in statuses] == [
        QuestionStatus.ANSWERED,
        QuestionStatus.CLAIMED,
        QuestionStatus.OPEN,
        QuestionStatus.RESOLVED,
    ]
    assert sorted(q.id for q in found if q.id is not None) == ids
