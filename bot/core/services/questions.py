"""Asking: a question from `/ask`, its form, or a direct message the writer confirms.

Every question is stored before anything is posted, and every post goes through the
outbox under a key of its own, so a platform error delays a message but never loses
or repeats it. Moderator-facing messages and log lines never name an anonymous asker.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import Answers, Form, Message, plain
from bot.core.model import Actor
from bot.core.ports import UnitOfWork
from bot.core.questions import MAX_QUESTION, Question, QuestionStatus
from bot.core.replies.questions import (
    ANONYMOUS,
    MAY_PUBLISH,
    MODULE,
    OPTIONS,
    TEXT,
    already_sent,
    ask_received_message,
    draft_message,
    no_such_question,
    question_form,
    reply_form,
)
from bot.core.replies.suggestions import suggestions_message
from bot.core.services.context import Membership, ServiceContext
from bot.core.services.outsiders import not_a_leader
from bot.core.services.published_answers import similar_answers
from bot.core.services.question_threads import (
    QuestionThreads,
    enqueue,
    member_of,
    own,
)


@dataclass(frozen=True)
class QuestionService:
    ctx: ServiceContext
    threads: QuestionThreads

    # Asking

    async def ask(self, actor: Actor, text: str) -> Message:
        """Ask, as `/ask text` does (not anonymous, not for publishing), unless published
        answers may answer it: then show them first, and keep the question as a draft."""
        if (problem := text_problem(text)) is not None:
            return plain(problem)
        async with self.ctx.uow() as uow:
            member = await member_of(uow, actor)
            if member is None:
                return await not_a_leader(uow, actor)
            suggested = await similar_answers(uow, member.cohort, text)
            question = await self._new(uow, member, text.strip(), draft=bool(suggested))
            if suggested:
                await uow.commit()
                return suggestions_message(question, suggested)
            await self.threads.send_out(uow, member.cohort, question)
            await uow.commit()
        self.ctx.wake_outbox()
        return ask_received_message(question, self._threads(actor))

    async def form(self, actor: Actor, text: str = "") -> Form | Message:
        async with self.ctx.uow() as uow:
            if await member_of(uow, actor) is None:
                return await not_a_leader(uow, actor)
        return question_form(self.ctx.curriculum, self.ctx.names_for(actor.platform), text)

    def form_problems(self, answers: Answers) -> dict[str, str]:
        """What is wrong with a filled-in form, by input id; empty when it can be sent."""
        problem = text_problem("\n".join(answers.get(TEXT, ())))
        return {TEXT: problem} if problem else {}

    async def save_form(self, actor: Actor, answers: Answers) -> None:
        """Send the question from the form, or first the published answers that may answer
        it; the asker hears back in their messages."""
        text = "\n".join(answers.get(TEXT, ())).strip()
        options = answers.get(OPTIONS, ())
        module = next(iter(answers.get(MODULE, ())), None)
        if self.form_problems(answers) or module not in (None, *self._module_ids()):
            return
        async with self.ctx.uow() as uow:
            member = await member_of(uow, actor)
            if member is None:
                return
            suggested = await similar_answers(uow, member.cohort, text)
            anonymous, may_publish = ANONYMOUS in options, MAY_PUBLISH in options
            question = await self._new(
                uow, member, text, module, anonymous, may_publish, draft=bool(suggested)
            )
            if suggested:
                key = f"question-suggestions:{question.id}"
                await enqueue(uow, key, member.person, suggestions_message(question, suggested))
            else:
                await self.threads.send_out(uow, member.cohort, question)
            await uow.commit()
        self.ctx.wake_outbox()

    async def draft(self, actor: Actor, text: str, event_id: str) -> bool:
        """Offer to send a direct message as a question, once per event; False if the writer
        is not enrolled (and nothing was recorded)."""
        async with self.ctx.uow() as uow:
            if not await uow.processed_events.record(event_id, self.ctx.clock.now()):
                return True  # handled before: a platform's retry
            member = await member_of(uow, actor)
            if member is None:
                return False
            problem = text_problem(text)
            if problem is not None:
                reply = plain(problem)
            else:
                question = await self._new(uow, member, text.strip(), draft=True)
                reply = draft_message(question, self.ctx.names_for(actor.platform))
            await enqueue(uow, f"question-draft:{event_id}", member.person, reply)
            await uow.commit()
        self.ctx.wake_outbox()
        return True

    async def send_draft(self, actor: Actor, value: str, anonymous: bool) -> Message:
        """Send a direct message the writer confirmed, unless published answers may
        answer it: then show them first."""
        return await self._confirm(actor, value, anonymous, suggest=True)

    async def send_anyway(self, actor: Actor, value: str) -> Message:
        """Send a question the published answers did not answer, as the asker made it."""
        return await self._confirm(actor, value, None, suggest=False)

    async def _confirm(
        self, actor: Actor, value: str, anonymous: bool | None, suggest: bool
    ) -> Message:
        """Send the actor's draft (anonymously as chosen, or as the draft says), or show
        the published answers that may answer it first."""
        async with self.ctx.uow() as uow:
            found = await own(uow, actor, value)
            if found is None:
                return no_such_question(self.ctx.names_for(actor.platform))
            member, question = found
            if question.status is not QuestionStatus.DRAFT:
                return already_sent(question)
            if anonymous is not None:
                question.anonymous = anonymous
            suggested = await similar_answers(uow, member.cohort, question.text) if suggest else []
            if suggested:
                await uow.questions.update(question)
                await uow.commit()
                return suggestions_message(question, suggested)
            question.status, question.asked_at = QuestionStatus.OPEN, self.ctx.clock.now()
            await uow.questions.update(question)
            await self.threads.send_out(uow, member.cohort, question)
            await uow.commit()
        self.ctx.wake_outbox()
        return ask_received_message(question, self._threads(actor))

    async def reply_form(self, actor: Actor, value: str) -> Form | Message:
        """The form to reply to one's own question, where direct messages have no threads."""
        async with self.ctx.uow() as uow:
            found = await own(uow, actor, value)
        if found is None:
            return no_such_question(self.ctx.names_for(actor.platform))
        return reply_form(found[1])

    def _threads(self, actor: Actor) -> bool:
        return self.ctx.can(actor.platform).threads_in_direct_messages

    async def drop_draft(self, actor: Actor, value: str) -> Message:
        """Forget a direct message the writer did not want sent."""
        async with self.ctx.uow() as uow:
            found = await own(uow, actor, value)
            if found is not None:
                _, question = found
                if question.status is not QuestionStatus.DRAFT:
                    return already_sent(question)
                assert question.id is not None
                await uow.questions.delete(question.id)
                await uow.commit()
        ask = self.ctx.names_for(actor.platform).ask
        return plain(f"All right, I have not sent it. Ask any time with {ask}.")

    def _module_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.ctx.curriculum.modules)

    async def _new(
        self,
        uow: UnitOfWork,
        member: Membership,
        text: str,
        module_id: str | None = None,
        anonymous: bool = False,
        may_publish: bool = False,
        draft: bool = False,
    ) -> Question:
        assert member.cohort.id is not None and member.person.id is not None
        status = QuestionStatus.DRAFT if draft else QuestionStatus.OPEN
        question = Question(
            member.cohort.id,
            member.person.id,
            text,
            self.ctx.clock.now(),
            module_id,
            anonymous,
            may_publish,
            status,
        )
        return await uow.questions.add(question)


def text_problem(text: str) -> str | None:
    """Why a question cannot be sent as written; None when it can."""
    if not text.strip():
        return "Your question is empty. Write what you would like to ask."
    if len(text) > MAX_QUESTION:
        return (
            f"Your question is {len(text):,} characters long. Please keep it under "
            f"{MAX_QUESTION:,}, or ask the first part and add the rest in its thread."
        )
    return None
