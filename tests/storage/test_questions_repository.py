"""Questions to the moderators, the messages about them, and the sent message they hang on."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.model import Cohort, Delivery, DeliveryStatus, Person
from bot.core.questions import Post, Question, QuestionStatus, Side
from storage.orm import CohortRow
from storage.uow import SqlUnitOfWorkFactory
from tests.deliveries import delivery
from tests.storage.conftest import NOON, AddPerson, camden_cohort


def ids(*stored: Person | Cohort) -> list[int]:
    found = [s.id for s in stored]
    assert all(i is not None for i in found)
    return [i for i in found if i is not None]


@pytest.fixture
async def people(cohort: Cohort, add_person: AddPerson) -> tuple[int, int, int]:
    """The cohort's id, an asker's and a moderator's."""
    cohort_id, asker_id, moderator_id = ids(
        cohort, await add_person("Amira Khan"), await add_person("Mo Deratova")
    )
    return cohort_id, asker_id, moderator_id


async def ask(uow: SqlUnitOfWorkFactory, *questions: Question) -> list[Question]:
    """Store questions and return them as stored, with their ids."""
    async with uow() as work:
        stored = [await work.questions.add(q) for q in questions]
        await work.commit()
    return stored


async def test_a_question_is_stored_with_its_id_and_read_back_whole(
    uow: SqlUnitOfWorkFactory, people: tuple[int, int, int]
) -> None:
    cohort_id, asker_id, _ = people
    wanted = Question(
        cohort_id, asker_id, "How do I run a retro?", NOON, "m3", anonymous=True, may_publish=True
    )
    [added] = await ask(uow, wanted)
    assert added.id is not None and wanted.id is None
    assert added == replace(wanted, id=added.id)
    assert added.reference == f"Q-{added.id}"
    async with uow() as work:
        assert await work.questions.get(added.id) == added
        assert await work.questions.get(added.id + 1000) is None


async def test_an_update_keeps_every_field(
    uow: SqlUnitOfWorkFactory, people: tuple[int, int, int]
) -> None:
    cohort_id, asker_id, moderator_id = people
    [added] = await ask(
        uow, Question(cohort_id, asker_id, "Draft text", NOON, status=QuestionStatus.DRAFT)
    )
    assert added.id is not None
    changed = replace(
        added,
        text="Final text",
        module_id="m1",
        anonymous=True,
        may_publish=True,
        status=QuestionStatus.ANSWERED,
        claimed_by=moderator_id,
        first_reply_at=NOON + timedelta(hours=1),
        reminded_at=NOON + timedelta(hours=2),
        published_at=NOON + timedelta(hours=3),
    )
    async with uow() as work:
        # Loaded first, so `get` must not answer from the session's stale copy.
        assert await work.questions.get(added.id) is not None
        await work.questions.update(changed)
        assert await work.questions.get(added.id) == changed
        await work.commit()
    async with uow() as work:
        assert await work.questions.get(added.id) == changed


async def test_updating_a_question_never_stored_fails(
    uow: SqlUnitOfWorkFactory, people: tuple[int, int, int]
) -> None:
    cohort_id, asker_id, _ = people
    question = Question(cohort_id, asker_id, "Lost?", NOON)
    async with uow() as work:
        with pytest.raises(ValueError, match="never stored"):
            await work.questions.update(question)
        with pytest.raises(LookupError):
            await work.questions.update(replace(question, id=404))


async def test_a_cohorts_questions_leave_out_drafts_and_come_oldest_first(
    uow: SqlUnitOfWorkFactory, people: tuple[int, int, int]
) -> None:
    async with uow() as work:
        other = await work.cohorts.add(camden_cohort("autumn-2027"))
        await work.commit()
    cohort_id, asker_id, _ = people
    [other_id] = ids(other)
    later = NOON + timedelta(hours=1)
    stored = await ask(
        uow,
        Question(cohort_id, asker_id, "second, asked later", later),
        Question(cohort_id, asker_id, "a draft", NOON, status=QuestionStatus.DRAFT),
        Question(cohort_id, asker_id, "first", NOON, status=QuestionStatus.RESOLVED),
        Question(other_id, asker_id, "another cohort's", NOON),
        Question(cohort_id, asker_id, "third, same time as second", later),
    )
    async with uow() as work:
        found = await work.questions.for_cohort(cohort_id)
        assert [q.text for q in found] == [
            "first",
            "second, asked later",
            "third, same time as second",
        ]
        assert found == [stored[2], stored[0], stored[4]]
        assert await work.questions.for_cohort(other_id) == [stored[3]]


async def test_only_waiting_questions_with_no_reply_and_no_reminder_await_a_reminder(
    uow: SqlUnitOfWorkFactory, people: tuple[int, int, int]
) -> None:
    cohort_id, asker_id, moderator_id = people
    later = NOON + timedelta(hours=1)

    def question(text: str) -> Question:
        return Question(cohort_id, asker_id, text, NOON)

    stored = await ask(
        uow,
        replace(question("open"), asked_at=later),
        replace(question("claimed"), status=QuestionStatus.CLAIMED, claimed_by=moderator_id),
        replace(question("draft"), status=QuestionStatus.DRAFT),
        replace(question("answered"), status=QuestionStatus.ANSWERED),
        replace(question("resolved"), status=QuestionStatus.RESOLVED),
        replace(question("replied to"), first_reply_at=later),
        replace(question("reminded"), reminded_at=later),
    )
    async with uow() as work:
        waiting = await work.questions.awaiting_reminder()
        assert [q.text for q in waiting] == ["claimed", "open"]
        assert waiting == [stored[1], stored[0]]
        assert stored[0].id is not None
        await work.questions.update(replace(stored[0], reminded_at=later))
        assert [q.text for q in await work.questions.awaiting_reminder()] == ["claimed"]


def post(question: Question, author_id: int, source: str, side: Side = Side.ASKER) -> Post:
    assert question.id is not None
    return Post(question.id, author_id, side, f"text of {source}", source, NOON)


async def test_a_post_is_kept_once_per_source(
    uow: SqlUnitOfWorkFactory, people: tuple[int, int, int]
) -> None:
    cohort_id, asker_id, moderator_id = people
    [question] = await ask(uow, Question(cohort_id, asker_id, "How?", NOON))
    wanted = replace(post(question, moderator_id, "C0MODS:1700.01", Side.MODERATORS), internal=True)
    async with uow() as work:
        added = await work.questions.add_post(wanted)
        again = await work.questions.add_post(replace(wanted, text="a second delivery"))
        await work.commit()
    assert added is not None and added.id is not None and again is None
    assert added == replace(wanted, id=added.id)
    async with uow() as work:
        assert await work.questions.add_post(replace(wanted, author_id=asker_id)) is None
        assert await work.questions.post_from("C0MODS:1700.01") == added
        assert await work.questions.post_from("C0MODS:404") is None


async def test_concurrent_posts_from_one_source_keep_one(
    uow: SqlUnitOfWorkFactory, people: tuple[int, int, int]
) -> None:
    cohort_id, asker_id, _ = people
    [question] = await ask(uow, Question(cohort_id, asker_id, "How?", NOON))
    wanted = post(question, asker_id, "D1:1700.01")
    async with uow() as first:
        assert await first.questions.add_post(wanted) is not None

        async def second_add() -> Post | None:
            async with uow() as second:
                added = await second.questions.add_post(replace(wanted, text="again"))
                await second.commit()
            return added

        # The second writer waits on the first's uncommitted row, then sees the conflict.
        racing = asyncio.create_task(second_add())
        await asyncio.sleep(0.1)
        await first.commit()
    assert await racing is None
    async with uow() as work:
        kept = await work.questions.post_from("D1:1700.01")
    assert kept is not None and kept.text == wanted.text


async def test_an_edited_post_keeps_its_new_text_and_internal_flag(
    uow: SqlUnitOfWorkFactory, people: tuple[int, int, int]
) -> None:
    cohort_id, asker_id, moderator_id = people
    [question] = await ask(uow, Question(cohort_id, asker_id, "How?", NOON))
    async with uow() as work:
        added = await work.questions.add_post(post(question, moderator_id, "C0MODS:1"))
        assert added is not None
        # Only the text and the internal flag change: an edit cannot move a message.
        edited = replace(added, text="(internal) let me check", internal=True)
        await work.questions.update_post(replace(edited, at=NOON + timedelta(days=1)))
        await work.commit()
    async with uow() as work:
        assert await work.questions.post_from("C0MODS:1") == edited
        assert (await work.questions.posts([edited.question_id])) == [edited]
        with pytest.raises(ValueError, match="never stored"):
            await work.questions.update_post(replace(edited, id=None))
        with pytest.raises(LookupError):
            await work.questions.update_post(replace(edited, id=404))


async def test_posts_of_several_questions_come_oldest_first_in_one_query(
    uow: SqlUnitOfWorkFactory, people: tuple[int, int, int], statements: list[str]
) -> None:
    cohort_id, asker_id, moderator_id = people
    first, second, third = await ask(
        uow, *(Question(cohort_id, asker_id, f"Q{n}", NOON) for n in range(3))
    )
    later = NOON + timedelta(minutes=5)
    async with uow() as work:
        added = [
            await work.questions.add_post(p)
            for p in (
                replace(post(second, moderator_id, "late", Side.MODERATORS), at=later),
                post(first, asker_id, "early"),
                post(third, asker_id, "other question"),
                replace(post(first, moderator_id, "late too", Side.MODERATORS), at=later),
            )
        ]
        await work.commit()
    assert all(p is not None for p in added)
    assert first.id is not None and second.id is not None and third.id is not None
    async with uow() as work:
        statements.clear()
        found = await work.questions.posts([first.id, second.id])
        assert len(statements) == 1
        assert found == [added[1], added[0], added[3]]
        statements.clear()
        assert await work.questions.posts([]) == []
        assert statements == []
        assert await work.questions.posts([third.id + 1000]) == []


async def test_deleting_a_cohort_deletes_its_questions_and_their_posts(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine, people: tuple[int, int, int]
) -> None:
    cohort_id, asker_id, _ = people
    [question] = await ask(uow, Question(cohort_id, asker_id, "How?", NOON))
    assert question.id is not None
    async with uow() as work:
        assert await work.questions.add_post(post(question, asker_id, "D1:1")) is not None
        await work.commit()
    async with engine.begin() as connection:
        await connection.execute(delete(CohortRow).where(CohortRow.id == cohort_id))
    async with uow() as work:
        assert await work.questions.get(question.id) is None
        assert await work.questions.post_from("D1:1") is None


def sent(
    key: str,
    platform_ref: str | None,
    status: DeliveryStatus = DeliveryStatus.SENT,
    platform: str = "slack",
) -> Delivery:
    return delivery(
        key, "C0MODS", key, platform=platform, status=status, attempts=1, platform_ref=platform_ref
    )


async def test_a_sent_delivery_is_found_by_the_platforms_reference(
    uow: SqlUnitOfWorkFactory,
) -> None:
    deliveries = [
        sent("question:1", "C0MODS:1700.01"),
        sent("question:2", "C0MODS:1700.02", status=DeliveryStatus.PENDING),
        sent("question:3", "C0MODS:1700.03", status=DeliveryStatus.FAILED),
        sent("question:4", "C0MODS:1700.04", platform="teams"),
        sent("question:5", None),
    ]
    async with uow() as work:
        for delivery in deliveries:
            assert await work.deliveries.enqueue(delivery)
        await work.commit()
    async with uow() as work:
        found = await work.deliveries.sent_as("slack", "C0MODS:1700.01")
        assert found is not None and found.id is not None
        assert found == replace(deliveries[0], id=found.id)
        assert await work.deliveries.sent_as("slack", "C0MODS:1700.02") is None
        assert await work.deliveries.sent_as("slack", "C0MODS:1700.03") is None
        assert await work.deliveries.sent_as("slack", "C0MODS:1700.04") is None
        assert await work.deliveries.sent_as("teams", "C0MODS:1700.04") is not None
        assert await work.deliveries.sent_as("slack", "C0MODS:404") is None


async def test_a_question_changes_hands_only_from_the_holder_the_moderator_saw(
    uow: SqlUnitOfWorkFactory, people: tuple[int, int, int], add_person: AddPerson
) -> None:
    cohort_id, asker_id, first = people
    [second] = ids(await add_person("Sam Okafor"))
    [question] = await ask(uow, Question(cohort_id, asker_id, "How do I run a retro?", NOON))
    assert question.id is not None
    async with uow() as one, uow() as two:
        # Both moderators saw it unclaimed; the first to write holds it.
        assert await one.questions.hand_over(question.id, None, first)
        await one.commit()
        assert not await two.questions.hand_over(question.id, None, second)
        await two.commit()
    async with uow() as work:
        held = await work.questions.get(question.id)
        assert held is not None and (held.claimed_by, held.status) == (
            first,
            QuestionStatus.CLAIMED,
        )
        assert await work.questions.hand_over(question.id, first, second)
        assert await work.questions.hand_over(question.id, second, None)
        held = await work.questions.get(question.id)
        assert held is not None and (held.claimed_by, held.status) == (None, QuestionStatus.OPEN)
        held.status = QuestionStatus.ANSWERED
        await work.questions.update(held)
        assert not await work.questions.hand_over(question.id, None, first)
