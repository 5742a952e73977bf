"""Reflections: offered once per leader and week, answered once."""

from __future__ import annotations

from datetime import timedelta

from bot.core.reflection import Reflection
from storage.uow import SqlUnitOfWorkFactory
from tests.storage.conftest import NOON, AddPerson, Enrol


async def test_a_weeks_question_is_offered_once_and_answered_once(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, enrol: Enrol
) -> None:
    leader = await enrol(await add_person("Amira Khan"))
    assert leader.id is not None
    async with uow() as work:
        offered = await work.reflections.offer(Reflection(leader.id, 2, NOON))
        again = await work.reflections.offer(Reflection(leader.id, 2, NOON))
        await work.commit()
    assert offered is not None and offered.id is not None and again is None
    later = NOON + timedelta(hours=1)
    async with uow() as work:
        assert await work.reflections.answer(offered.id, "Start small.", True, later)
        assert not await work.reflections.answer(offered.id, "Think big.", False, later)
        await work.commit()
    async with uow() as work:
        [kept] = await work.reflections.for_enrolment(leader.id)
        assert kept == Reflection(leader.id, 2, NOON, "Start small.", True, later, offered.id)
        assert await work.reflections.get(offered.id) == kept


async def test_an_offer_left_uncommitted_is_forgotten(
    uow: SqlUnitOfWorkFactory, add_person: AddPerson, enrol: Enrol
) -> None:
    leader = await enrol(await add_person("Ben Adeyemi"))
    assert leader.id is not None
    async with uow() as work:
        assert await work.reflections.offer(Reflection(leader.id, 1, NOON)) is not None
    async with uow() as work:
        assert await work.reflections.for_enrolment(leader.id) == []
        assert await work.reflections.offer(Reflection(leader.id, 1, NOON)) is not None
