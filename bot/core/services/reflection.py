"""Reflections: offer a leader the week's question once, keep the answer, share it if asked."""

from __future__ import annotations

import logging
from collections.abc import Set
from dataclasses import dataclass

from bot.core.messages import Answers, Form, Message
from bot.core.model import Actor, ChannelKind, Delivery, Role
from bot.core.outgoing import Address, Outgoing
from bot.core.ports import UnitOfWork
from bot.core.reflection import Reflection, week_just_finished
from bot.core.replies.reflection import (
    ANSWER,
    COHORT,
    SHARE,
    already_answered_message,
    empty_answer_message,
    prompt_message,
    reflection_form,
    saved_message,
    shared_message,
    unknown_question_message,
)
from bot.core.services.context import Membership, ServiceContext, membership
from bot.core.standing import Standing

logger = logging.getLogger(__name__)


async def offer_reflection(
    ctx: ServiceContext, uow: UnitOfWork, member: Membership, now: Standing, newly_done: Set[str]
) -> bool:
    """Send the question by direct message if `newly_done` finished a week; once a week."""
    week = week_just_finished(now, newly_done)
    if week is None or member.enrolment.id is None:
        return False
    offered = await uow.reflections.offer(Reflection(member.enrolment.id, week, ctx.clock.now()))
    if offered is None:
        return False
    person = member.person
    outgoing = Outgoing(prompt_message(offered), person.address)
    await uow.deliveries.enqueue(Delivery(f"reflection-prompt:{offered.id}", outgoing))
    return True


@dataclass(frozen=True)
class ReflectionService:
    ctx: ServiceContext

    async def form(self, actor: Actor, reflection_id: str) -> Form | Message:
        """The form to answer a week's question, unless it has been answered."""
        async with self.ctx.uow() as uow:
            found = await _find(uow, actor, reflection_id)
        if found is None:
            return unknown_question_message()
        _, reflection = found
        if reflection.text is not None:
            return already_answered_message(reflection.week)
        return reflection_form(reflection)

    async def save(
        self, actor: Actor, reflection_id: str, answers: Answers, submission_id: str
    ) -> None:
        """Keep the answer once, share it with the cohort if asked, and thank the leader."""
        text = "\n".join(answers.get(ANSWER, ())).strip()
        wants_shared = answers.get(SHARE, ()) == (COHORT,)
        async with self.ctx.uow() as uow:
            found = await _find(uow, actor, reflection_id)
            if found is None:
                logger.warning("%s answered an unknown reflection %r", actor, reflection_id)
                return
            if not text:
                key = f"reflection-empty:{submission_id}"
                await _send(uow, key, actor.address, empty_answer_message())
            elif not await self._keep(uow, actor, *found, text, wants_shared):
                return  # answered already: a repeated submission changes nothing
            await uow.commit()
        self.ctx.wake_outbox()

    async def _keep(
        self,
        uow: UnitOfWork,
        actor: Actor,
        member: Membership,
        reflection: Reflection,
        text: str,
        wants_shared: bool,
    ) -> bool:
        """Store the answer and queue the shared post and the thanks; False if answered before."""
        assert reflection.id is not None
        channel = member.cohort.channel(ChannelKind.COHORT) if wants_shared else None
        now = self.ctx.clock.now()
        if not await uow.reflections.answer(reflection.id, text, channel is not None, now):
            return False
        if channel is not None:
            shared = shared_message(member.person.display_name, text)
            await _send(uow, f"reflection:{reflection.id}", channel, shared)
        thanks = saved_message(channel is not None, wants_shared)
        await _send(uow, f"reflection-saved:{reflection.id}", actor.address, thanks)
        return True


async def _find(
    uow: UnitOfWork, actor: Actor, reflection_id: str
) -> tuple[Membership, Reflection] | None:
    """The actor's own reflection with this id, with their membership."""
    member = await membership(uow, actor, Role.LEADER)
    if member is None or not reflection_id.isdigit():
        return None
    reflection = await uow.reflections.get(int(reflection_id))
    if reflection is None or reflection.enrolment_id != member.enrolment.id:
        return None
    return member, reflection


async def _send(uow: UnitOfWork, key: str, to: Address, message: Message) -> None:
    await uow.deliveries.enqueue(Delivery(key, Outgoing(message, to)))
