"""Poll reminders: leaders who have not answered an open poll hear again 48 and 24 hours
before its deadline (timed work the rhythm job runs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.model import Cohort, Delivery, Role
from bot.core.outgoing import Outgoing
from bot.core.polls import REMINDERS_BEFORE_DEADLINE, Poll, PollStatus
from bot.core.ports import UnitOfWork
from bot.core.replies.polls import poll_reminder
from bot.core.services.context import ServiceContext


@dataclass(frozen=True)
class PollReminders:
    ctx: ServiceContext

    async def run_due(self) -> None:
        """Remind leaders who have not answered, 48 and 24 hours before the deadline.

        Each reminder goes once, only if its moment came after the poll opened. One that
        working hours would hold over until the last one is due is dropped, so two never
        arrive together (session reminders follow the same rule).
        """
        now = self.ctx.clock.now()
        last = min(REMINDERS_BEFORE_DEADLINE)
        async with self.ctx.uow() as uow:
            for poll in await uow.polls.with_status(PollStatus.OPEN):
                due = [
                    b
                    for b in REMINDERS_BEFORE_DEADLINE
                    if poll.created_at <= poll.deadline - b <= now
                ]
                if not due or now >= poll.deadline:
                    continue
                cohort = await uow.cohorts.get(poll.cohort_id)
                if cohort is None:
                    continue
                zone = self.ctx.zone(cohort)
                due = [
                    b
                    for b in due
                    if b == last
                    or self.ctx.timetable.next_allowed(poll.deadline - b, zone)
                    < poll.deadline - last
                ]
                send_at = self.ctx.timetable.next_allowed(now, zone)
                if due and send_at < poll.deadline:
                    await self._remind(uow, cohort, poll, min(due), send_at)
            await uow.commit()
        self.ctx.wake_outbox()

    async def _remind(
        self, uow: UnitOfWork, cohort: Cohort, poll: Poll, before: timedelta, send_at: datetime
    ) -> None:
        """Queue the reminder for leaders who have not answered and do not have it yet:
        a few queries however many leaders there are."""
        assert cohort.id is not None and poll.id is not None
        prefix = f"poll-reminder:{poll.id}:{int(before.total_seconds() // 3600)}:"
        queued = await uow.deliveries.keys_starting(prefix)
        voted = {v.person_id for v in await uow.polls.votes(poll.id)}
        message = poll_reminder(poll, self.ctx.zone(cohort))
        for member in await uow.enrolments.members(cohort.id, Role.LEADER):
            person = member.person
            key = f"{prefix}{person.id}"
            if person.id in voted or key in queued:
                continue
            outgoing = Outgoing(message, person.address)
            await uow.deliveries.enqueue(Delivery(key, outgoing, not_before=send_at))

    async def next_time(self, after: datetime) -> datetime | None:
        """The next reminder before an open poll's deadline, for a clock that jumps."""
        async with self.ctx.uow() as uow:
            polls = await uow.polls.with_status(PollStatus.OPEN)
        moments = [p.deadline - b for p in polls for b in REMINDERS_BEFORE_DEADLINE]
        return min((m for m in moments if m > after), default=None)
