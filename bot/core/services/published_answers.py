"""Answers the moderators published to the cohort: found by their words before a leader
asks and by a search, and counted when one saves a leader asking."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import Message
from bot.core.model import Actor, Cohort
from bot.core.ports import UnitOfWork
from bot.core.questions import Question, QuestionStatus, search_terms
from bot.core.replies.questions import already_sent, no_such_question
from bot.core.replies.suggestions import MAX_SUGGESTED, saved_message, search_results
from bot.core.services.context import ServiceContext
from bot.core.services.outsiders import not_a_leader
from bot.core.services.question_threads import answers_to, member_of, own

MAX_FOUND = 20  # search results in one message


async def similar_answers(
    uow: UnitOfWork, cohort: Cohort, text: str, limit: int = MAX_SUGGESTED
) -> list[tuple[Question, str]]:
    """Published questions that share words with `text`, best first, each with the
    moderators' answer. Askers are never named, so anonymous questions stay anonymous."""
    assert cohort.id is not None
    found = list(await uow.answers.matching(cohort.id, search_terms(text), limit))
    answers = await answers_to(uow, found)
    return [(q, answers[q.id]) for q in found if answers[q.id]]


@dataclass(frozen=True)
class PublishedAnswers:
    ctx: ServiceContext

    async def search(self, actor: Actor, words: str) -> Message:
        """Published questions and answers that share words with the search, best first."""
        async with self.ctx.uow() as uow:
            member = await member_of(uow, actor)
            if member is None:
                return await not_a_leader(uow, actor)
            found = await similar_answers(uow, member.cohort, words, MAX_FOUND)
        return search_results(words, found)

    async def answered_already(self, actor: Actor, value: str) -> Message:
        """A published answer answered the leader's draft: forget the draft, whose words
        nobody needs now, and count one question saved."""
        async with self.ctx.uow() as uow:
            found = await own(uow, actor, value)
            if found is None:
                return no_such_question(self.ctx.names_for(actor.platform))
            member, question = found
            if question.status is not QuestionStatus.DRAFT:
                return already_sent(question)
            assert question.id is not None and member.cohort.id is not None
            await uow.questions.delete(question.id)
            await uow.answers.record_saved(member.cohort.id, self.ctx.clock.now())
            await uow.commit()
        return saved_message(self.ctx.names_for(actor.platform))
