"""Who holds a question: claim it, let it go, take it over, or give it to another moderator.

Every change of holder is a compare-and-set on the holder the moderator saw, so of two
moderators pressing at once one wins and the other is told who holds it. Nobody loses a
question without being told.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import Message, plain
from bot.core.model import Actor, Cohort, Person
from bot.core.ports import RetryLater, UnitOfWork
from bot.core.questions import Question, QuestionStatus
from bot.core.replies.question_queue import (
    claimed,
    given,
    held_by_another,
    no_longer_yours,
    not_waiting,
    taken_over,
    unclaimed,
    yours_now,
)
from bot.core.replies.recruitment import not_found_message
from bot.core.requests import Mention
from bot.core.services.context import ServiceContext
from bot.core.services.question_threads import QuestionThreads, enqueue, named
from bot.core.services.roles import CANNOT_CHECK

GONE = "That question has been deleted, so there is nothing to do."


@dataclass(frozen=True)
class Found:
    """A waiting question, its cohort, and the moderator acting on it."""

    question: Question
    cohort: Cohort
    me: Person


@dataclass(frozen=True)
class ClaimService:
    ctx: ServiceContext
    threads: QuestionThreads

    async def claim(self, actor: Actor, value: str) -> Message:
        """Hold a question nobody holds; if someone does, say who and offer to take over."""
        async with self.ctx.uow() as uow:
            found = await self._waiting(uow, actor, value)
            if isinstance(found, Message):
                return found
            question = found.question
            if question.claimed_by == found.me.id:
                return plain(f"You have claimed {question.reference} already.")
            if question.claimed_by is not None:
                return held_by_another(question, await self._name(uow, question.claimed_by))
            if not await self._hand(uow, found, found.me):
                return await self._as_it_is_now(uow, question)
            await uow.commit()
        self.ctx.wake_outbox()
        return claimed(question)

    async def take_over(self, actor: Actor, value: str) -> Message:
        """Hold a question someone else holds, and tell them."""
        async with self.ctx.uow() as uow:
            found = await self._waiting(uow, actor, value)
            if isinstance(found, Message):
                return found
            question, previous = found.question, found.question.claimed_by
            if previous == found.me.id:
                return plain(f"You have claimed {question.reference} already.")
            if not await self._hand(uow, found, found.me):
                return await self._as_it_is_now(uow, question)
            if previous is None:
                reply = claimed(question)
            else:
                note = no_longer_yours(question, found.me.display_name)
                reply = taken_over(question, await self._tell(uow, question, previous, note))
            await uow.commit()
        self.ctx.wake_outbox()
        return reply

    async def unclaim(self, actor: Actor, value: str) -> Message:
        """Let go of a question one holds, so any moderator can claim it."""
        async with self.ctx.uow() as uow:
            found = await self._waiting(uow, actor, value)
            if isinstance(found, Message):
                return found
            question, holder = found.question, found.question.claimed_by
            if holder is None:
                return plain(f"Nobody holds {question.reference}.")
            if holder != found.me.id:
                name = await self._name(uow, holder)
                return plain(f"{name} holds {question.reference}, not you.")
            if not await self._hand(uow, found, None):
                return await self._as_it_is_now(uow, question)
            await uow.commit()
        self.ctx.wake_outbox()
        return unclaimed(question)

    async def reassign(self, actor: Actor, value: str, who: Mention) -> Message:
        """Give a question to another moderator (or to oneself), telling whoever held it."""
        if who.handle == actor.user_id:
            return await self.take_over(actor, value)
        profile = await self.threads.directory.profile(actor.platform, who.handle)
        if profile is None:
            return not_found_message()
        target = Actor(actor.platform, who.handle)
        async with self.ctx.uow() as uow:
            found = await self._waiting(uow, actor, value)
            if isinstance(found, Message):
                return found
            refused = await self._not_a_moderator(uow, found.cohort, target, profile.display_name)
            if refused is not None:
                return refused
            to = await uow.people.find_or_add(
                Person(target.platform, target.user_id, profile.display_name)
            )
            question, previous, me = found.question, found.question.claimed_by, found.me
            if previous == to.id:
                return plain(f"{to.display_name} holds {question.reference} already.")
            if not await self._hand(uow, found, to):
                return await self._as_it_is_now(uow, question)
            await self._tell(uow, question, to.id, yours_now(question, me.display_name))
            told = None
            if previous is not None and previous != me.id:
                note = no_longer_yours(question, me.display_name, to.display_name)
                told = await self._tell(uow, question, previous, note)
            await uow.commit()
        self.ctx.wake_outbox()
        return given(question, to.display_name, told)

    async def _waiting(self, uow: UnitOfWork, actor: Actor, value: str) -> Found | Message:
        """The waiting question `value` names, or why there is nothing to hold."""
        question = await named(uow, value)
        cohort = await uow.cohorts.get(question.cohort_id) if question else None
        if question is None or cohort is None or question.status is QuestionStatus.DRAFT:
            return plain(GONE)
        if not question.status.waiting:
            return not_waiting(question)
        return Found(question, cohort, await self.threads.person(uow, actor))

    async def _hand(self, uow: UnitOfWork, found: Found, to: Person | None) -> bool:
        """Give the question to `to` (None: to nobody) unless it changed since it was read;
        the card shows the new holder."""
        question, to_id = found.question, None if to is None else to.id
        if not await uow.questions.hand_over(question.id or 0, question.claimed_by, to_id):
            return False
        question.claimed_by = to_id
        question.status = QuestionStatus.OPEN if to_id is None else QuestionStatus.CLAIMED
        await self.threads.refresh_card(uow, found.cohort, question)
        return True

    async def _as_it_is_now(self, uow: UnitOfWork, question: Question) -> Message:
        """Another moderator changed the question first: say how it stands now."""
        now = await uow.questions.get(question.id or 0)
        if now is None:
            return plain(GONE)
        if not now.status.waiting:
            return not_waiting(now)
        if now.claimed_by is not None:
            return held_by_another(now, await self._name(uow, now.claimed_by))
        return plain(f"Nobody holds {now.reference} now. Press Claim to hold it.")

    async def _not_a_moderator(
        self, uow: UnitOfWork, cohort: Cohort, who: Actor, name: str
    ) -> Message | None:
        """None if `who` moderates the cohort; otherwise why they cannot hold a question."""
        try:
            if await self.threads.is_moderator(uow, who, cohort):
                return None
        except RetryLater:
            return plain(CANNOT_CHECK)
        return plain(f"{name} does not moderate this cohort, so I cannot give them a question.")

    async def _name(self, uow: UnitOfWork, person_id: int) -> str:
        person = await uow.people.get(person_id)
        return person.display_name if person else "Another moderator"

    async def _tell(
        self, uow: UnitOfWork, question: Question, person_id: int | None, message: Message
    ) -> str:
        """Send a moderator a private note about a question they held or now hold; their name."""
        person = await uow.people.get(person_id or 0)
        if person is None:
            return "Another moderator"
        stamp = self.ctx.clock.now().isoformat()
        key = f"question-holder:{question.id}:{stamp}:{person.id}"
        await enqueue(uow, key, person, message, question)
        return person.display_name
