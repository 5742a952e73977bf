"""What moderators and askers do to a question: mark it answered, publish it, resolve
it, and agree to it being shared. Who holds a question is `claims.py`'s."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.messages import Message, plain
from bot.core.model import Actor, ChannelKind, Cohort
from bot.core.outgoing import Outgoing
from bot.core.ports import UnitOfWork
from bot.core.questions import Question, QuestionStatus
from bot.core.replies.questions import (
    PUBLISH,
    consent_given,
    consent_request,
    no_such_question,
    published_message,
    resolved_for_asker,
    resolved_for_moderators,
)
from bot.core.services.context import ServiceContext
from bot.core.services.question_threads import (
    ASKED,
    QuestionThreads,
    answers_to,
    enqueue_to,
    in_card_thread,
    named,
    own,
)


@dataclass(frozen=True)
class ModerationService:
    ctx: ServiceContext
    threads: QuestionThreads

    async def moderate(self, action: str, value: str) -> Message:
        """Mark answered or publish; the registry has checked the presser moderates."""
        async with self.ctx.uow() as uow:
            question = await named(uow, value)
            cohort = await uow.cohorts.get(question.cohort_id) if question else None
            if question is None or cohort is None or question.status is QuestionStatus.DRAFT:
                return plain("That question has been deleted, so there is nothing to do.")
            before = replace(question)
            if action == PUBLISH:
                reply = await self._publish(uow, cohort, question)
            else:
                reply = mark_answered(question)
            if question != before:  # a refusal changes nothing, and the card stays as it is
                await uow.questions.update(question)
                await self.threads.refresh_card(uow, cohort, question)
            await uow.commit()
        self.ctx.wake_outbox()
        return reply

    async def resolve(self, actor: Actor, value: str) -> Message:
        """The asker says the answer is enough."""
        async with self.ctx.uow() as uow:
            found = await own(uow, actor, value)
            if found is None:
                return no_such_question(self.ctx.names_for(actor.platform))
            member, question = found
            if question.status is QuestionStatus.RESOLVED:
                return resolved_for_asker(question)
            question.status = QuestionStatus.RESOLVED
            await uow.questions.update(question)
            await self.threads.refresh_card(uow, member.cohort, question)
            stamp = self.ctx.clock.now().isoformat()
            key = f"question-resolved:{question.id}:{stamp}"
            message = resolved_for_moderators(question)
            await in_card_thread(uow, key, member.cohort, question, message)
            await uow.commit()
        self.ctx.wake_outbox()
        return resolved_for_asker(question)

    async def allow_sharing(self, actor: Actor, value: str) -> Message:
        """The asker agrees the question and answer may go to the cohort without their name."""
        async with self.ctx.uow() as uow:
            found = await own(uow, actor, value)
            if found is None:
                return no_such_question(self.ctx.names_for(actor.platform))
            member, question = found
            if not question.may_publish:
                question.may_publish = True
                await uow.questions.update(question)
                key = f"question-consented:{question.id}"
                message = consent_given(question)
                await in_card_thread(uow, key, member.cohort, question, message)
                await uow.commit()
        self.ctx.wake_outbox()
        return plain(f"Thank you. The moderators may share {question.reference} without your name.")

    async def _publish(self, uow: UnitOfWork, cohort: Cohort, question: Question) -> Message:
        """Post the question and its answer to the cohort, if the asker agreed; else ask them."""
        ref = question.reference
        if not question.may_publish:
            await self._ask_consent(uow, question)
            return plain(
                f"{ref} cannot be published yet: the asker has not agreed to share it. "
                "I have asked them, without naming you, and will say here if they agree."
            )
        if question.published_at is not None:
            return plain(f"{ref} is published already.")
        answer = (await answers_to(uow, [question]))[question.id]
        if not answer:
            return plain(f"Answer {ref} in its thread before publishing it.")
        channel = cohort.channel(ChannelKind.COHORT)
        if channel is None:
            return plain("The cohort has no channel to publish to.")
        question.published_at = self.ctx.clock.now()
        message = published_message(question, answer, self.ctx.names_for(cohort.platform))
        key = f"question-published:{question.id}"
        await enqueue_to(uow, key, Outgoing(message, channel), question)
        return plain(f"{ref} is published to the cohort channel, without the asker's name.")

    async def _ask_consent(self, uow: UnitOfWork, question: Question) -> None:
        """Ask the asker, once, whether their question may be shared."""
        asker = await uow.people.get(question.asker_id)
        assert asker is not None
        under = ASKED.format(id=question.id)
        outgoing = Outgoing(consent_request(question), asker.address, under=under)
        await enqueue_to(uow, f"question-consent:{question.id}", outgoing, question)


def mark_answered(question: Question) -> Message:
    """Mark a question answered (one answered outside its thread); the moderator's answer."""
    if not question.status.waiting:  # answered or resolved already
        return plain(f"{question.reference} is already {question.status.value}.")
    question.status = QuestionStatus.ANSWERED
    return plain(f"{question.reference} is marked answered. The asker can still write back.")
