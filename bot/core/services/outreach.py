"""A coordinator's personal note to the leaders behind their plan, from `/cohort progress`:
the form shows who and how many, and each leader gets the note once, in the sending window."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import Answers, Form, Message
from bot.core.model import Actor, AuditEntry, Cohort, Delivery, Member, Role
from bot.core.outgoing import Outgoing
from bot.core.ports import UnitOfWork
from bot.core.progress_report import NO_ORGANISATION, Status, leader_status
from bot.core.replies.outreach import (
    NOTE,
    Behind,
    behind_note,
    nobody_behind_message,
    notes_sent_message,
    reach_out_form,
)
from bot.core.services.context import ServiceContext, coordinator_of
from bot.core.services.sending_window import next_window
from bot.core.standing import Standing, standing

NOTES = "behind-note"  # the audit log's action, and the outbox keys' first word


@dataclass(frozen=True)
class BehindNow:
    """The leaders behind their plan, the furthest behind first, and how many of the others
    behind paused their messages (they asked for none, so they get none)."""

    reached: tuple[tuple[Member, Standing], ...]
    paused: int


@dataclass(frozen=True)
class Outreach:
    ctx: ServiceContext

    async def form(self, actor: Actor) -> Form | Message:
        """Who is behind and how many, and the note to them, ready to edit."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            cohort = coordinator.cohort
            behind = await self._behind(uow, cohort)
            organisations = {o.id: o.name for o in await uow.organisations.list(cohort.id or 0)}
        if not behind.reached:
            return nobody_behind_message(cohort)
        listed = [
            Behind(
                m.person.display_name,
                organisations.get(m.person.organisation_id or "", NO_ORGANISATION),
                s.behind_by,
            )
            for m, s in behind.reached
        ]
        return reach_out_form(listed, behind.paused, next_window(self.ctx, cohort)[1])

    async def send(self, actor: Actor, answers: Answers, submission: str) -> Message | None:
        """Queue the note for each leader still behind, once per form sent; what was done,
        or None when this form was handled before."""
        note = "\n".join(answers.get(NOTE, ())).strip()
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            cohort, now = coordinator.cohort, self.ctx.clock.now()
            if not note or not await uow.processed_events.record(f"{NOTES}:{submission}", now):
                return None
            behind = await self._behind(uow, cohort)
            when, goes = next_window(self.ctx, cohort)
            author, total = coordinator.person.display_name, len(self.ctx.curriculum.modules)
            for member, where in behind.reached:
                person = member.person
                message = behind_note(
                    person.display_name,
                    note,
                    author,
                    cohort,
                    len(where.done),
                    total,
                    where.behind_by,
                )
                await uow.deliveries.enqueue(
                    Delivery(
                        f"{NOTES}:{cohort.id}:{submission}:{person.id}",
                        Outgoing(message, person.address),
                        not_before=when,
                    )
                )
            await uow.audit.add(
                AuditEntry(
                    coordinator.person.id, NOTES, {"leaders": len(behind.reached)}, cohort.id
                ),
                now,
            )
            await uow.commit()
        self.ctx.wake_outbox()
        sent = [m.person.display_name for m, _ in behind.reached]
        return notes_sent_message(sent, goes)

    async def _behind(self, uow: UnitOfWork, cohort: Cohort) -> BehindNow:
        """Three queries, whatever the number of leaders; "behind" as the report says."""
        assert cohort.id is not None
        members = await uow.enrolments.members(cohort.id, Role.LEADER)
        done = await uow.completions.done_by_enrolment(cohort.id)
        today = self.ctx.today(cohort)
        behind: list[tuple[Member, Standing]] = []
        paused = 0
        for member in members:
            mine = done.get(member.enrolment.id or 0, frozenset())
            where = standing(self.ctx.curriculum, cohort, member.enrolment, mine, today)
            if leader_status(where)[0] is not Status.BEHIND:
                continue
            until = member.enrolment.rhythm.paused_until
            if until is not None and today < until:
                paused += 1
            else:
                behind.append((member, where))
        behind.sort(key=lambda b: (-b[1].behind_by, b[0].person.display_name.lower()))
        return BehindNow(tuple(behind), paused)
