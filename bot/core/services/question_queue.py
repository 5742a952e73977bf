"""The questions waiting for an answer: the queue for moderators, and for coordinators the
queue with the figures. Both count from one place, `question_report.question_figures`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.messages import Message, plain
from bot.core.model import Actor, Role
from bot.core.ports import RetryLater, UnitOfWork
from bot.core.question_report import question_figures
from bot.core.questions import Question
from bot.core.replies.question_queue import cohort_questions_message, queue_message
from bot.core.replies.recruitment import refused_message
from bot.core.services.context import ServiceContext, membership
from bot.core.services.question_threads import QuestionThreads
from bot.core.services.roles import CANNOT_CHECK


@dataclass(frozen=True)
class QuestionQueue:
    ctx: ServiceContext
    threads: QuestionThreads

    async def show(self, actor: Actor) -> Message:
        """What waits, oldest first, each with a button to claim, let go or take over."""
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
            try:
                cohort = (
                    coordinator.cohort
                    if coordinator
                    else await self.threads.moderated_cohort(uow, actor)
                )
            except RetryLater:
                return plain(CANNOT_CHECK)
            if cohort is None or cohort.id is None:
                return refused_message(Role.MODERATOR)
            questions = await uow.questions.for_cohort(cohort.id)
            names = await holders(uow, questions)
            viewer = await uow.people.find(actor.platform, actor.user_id)
            saved = await uow.answers.saved(cohort.id)
        figures = question_figures(questions, self.ctx.curriculum, names, self.ctx.clock.now())
        words, viewer_id = self.ctx.names_for(actor.platform), viewer.id if viewer else None
        if coordinator is not None:
            return cohort_questions_message(figures, words, viewer_id, saved)
        return queue_message(figures.waiting, viewer_id, words)


async def holders(uow: UnitOfWork, questions: Sequence[Question]) -> dict[int, str]:
    """The name of each moderator who holds one of the questions."""
    held = {q.claimed_by for q in questions if q.claimed_by is not None}
    return {
        person_id: person.display_name
        for person_id in held
        if (person := await uow.people.get(person_id)) is not None
    }
