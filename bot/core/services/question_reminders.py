"""Nothing waits forever: questions with no reply are brought up, once, after a set
number of working days, and listed for coordinators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.model import Cohort
from bot.core.ports import UnitOfWork
from bot.core.questions import Question
from bot.core.replies.questions import reminder_message
from bot.core.services.context import ServiceContext
from bot.core.services.question_threads import in_card_thread
from bot.core.wording import age


@dataclass(frozen=True)
class QuestionReminders:
    ctx: ServiceContext
    reply_within_working_days: int = 1

    async def run_due(self) -> None:
        """Tell the moderators, once, about each question that has waited too long."""
        now = self.ctx.clock.now()
        async with self.ctx.uow() as uow:
            for question, cohort, due in await self._waiting(uow):
                if due > now:
                    continue
                question.reminded_at = now
                await uow.questions.update(question)
                await in_card_thread(
                    uow,
                    f"question-reminder:{question.id}",
                    cohort,
                    question,
                    reminder_message(question, age(now - question.asked_at)),
                    also_to_channel=True,
                )
            await uow.commit()
        self.ctx.wake_outbox()

    async def next_time(self, after: datetime) -> datetime | None:
        """When the next reminder about a waiting question falls due, after `after`."""
        async with self.ctx.uow() as uow:
            waiting = await self._waiting(uow)
        return min((due for _, _, due in waiting if due > after), default=None)

    async def _waiting(self, uow: UnitOfWork) -> list[tuple[Question, Cohort, datetime]]:
        """Each question a reminder may be owed for, its cohort (one with a moderators'
        channel), and when the reminder falls due."""
        waiting = []
        for question in await uow.questions.awaiting_reminder():
            cohort = await uow.cohorts.get(question.cohort_id)
            if cohort is not None and cohort.moderators_channel:
                waiting.append((question, cohort, self.reply_due(question, cohort)))
        return waiting

    def reply_due(self, question: Question, cohort: Cohort) -> datetime:
        """When a question with no reply is overdue: a set number of working days after it
        was asked, counting from the start of working hours when asked outside them."""
        zone, timetable = self.ctx.zone(cohort), self.ctx.timetable
        due = timetable.next_allowed(question.asked_at, zone)
        at = due.astimezone(zone).time()
        for _ in range(self.reply_within_working_days):
            due = timetable.next_working_day_at(due, at, zone)
        return due

    def overdue(self, questions: list[Question], cohort: Cohort) -> list[tuple[Question, str]]:
        """Waiting questions past their reply time, each with how long it has waited."""
        now = self.ctx.clock.now()
        return [
            (q, age(now - q.asked_at))
            for q in questions
            if q.status.waiting and q.first_reply_at is None and self.reply_due(q, cohort) <= now
        ]
