"""Closing a cohort: a coordinator confirms, the weekly rhythm stops, and the cohort gets a
closing summary and the coordinators the final report, each once, in the sending window."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.messages import Message
from bot.core.model import Actor, AuditEntry, ChannelKind, Cohort, Delivery, Role
from bot.core.outgoing import Outgoing
from bot.core.ports import UnitOfWork
from bot.core.replies.closing import (
    already_closed_message,
    close_prompt,
    closed_message,
    closing_report,
    closing_summary,
    kept_open_message,
    stale_close_message,
)
from bot.core.services.context import Membership, ServiceContext, coordinator_of
from bot.core.services.insights import InsightService
from bot.core.services.outreach import NOTES
from bot.core.services.planned_sessions import planned_sessions
from bot.core.services.sending_window import next_window

CLOSE = "cohort-close"  # the audit log's action
# The cohort's routine messages, by key prefix: what closing lets go if still waiting.
ROUTINE = (
    "nudge",
    "nudge-again",
    "behind",
    NOTES,
    "well-done",
    "channel",
    "digest",
    "digest-chart",
)
CANCELLED = "not sent: the cohort closed"


@dataclass(frozen=True)
class CohortClosing:
    ctx: ServiceContext
    insights: InsightService

    async def prompt(self, actor: Actor) -> Message:
        """What closing does and what is still ahead, with the buttons to confirm."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            cohort = coordinator.cohort
            assert cohort.id is not None
            if cohort.closed_at is not None:
                return already_closed_message(cohort)
            leaders = len(await uow.enrolments.members(cohort.id, Role.LEADER))
            planned = await planned_sessions(uow, cohort.id)
        now = self.ctx.clock.now()
        return close_prompt(cohort, leaders, planned, now, next_window(self.ctx, cohort)[1])

    async def close(self, actor: Actor, value: str) -> Message:
        """Close the cohort the button names, once; a second press changes nothing."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            cohort, now = coordinator.cohort, self.ctx.clock.now()
            assert cohort.id is not None
            if value != str(cohort.id):
                return stale_close_message(self.ctx.names_for(actor.platform))
            if not await uow.cohorts.close(cohort.id, now):
                return already_closed_message(await uow.cohorts.get(cohort.id) or cohort)
            cohort = replace(cohort, closed_at=now)
            prefixes = [f"{kind}:{cohort.id}:" for kind in ROUTINE]
            skipped = await uow.deliveries.skip_pending(prefixes, CANCELLED)
            await self._queue_closing_messages(uow, coordinator, cohort)
            await uow.audit.add(
                AuditEntry(coordinator.person.id, CLOSE, {"cancelled": skipped}, cohort.id), now
            )
            await uow.commit()
        self.ctx.wake_outbox()
        summary = cohort.channel(ChannelKind.COHORT) is not None
        return closed_message(cohort, skipped, summary, next_window(self.ctx, cohort)[1])

    async def keep_open(self, actor: Actor, value: str) -> Message:
        """The coordinator changed their mind: nothing happens."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
        if isinstance(coordinator, Message):
            return coordinator
        return kept_open_message(coordinator.cohort)

    async def _queue_closing_messages(
        self, uow: UnitOfWork, coordinator: Membership, cohort: Cohort
    ) -> None:
        """The summary to the cohort channel and the final report to the coordinators'
        channel (or the coordinator, where there is none), for the sending window."""
        now, names = self.ctx.clock.now(), self.ctx.names_for(cohort.platform)
        insights = await self.insights.insights(uow, cohort)
        when, _ = next_window(self.ctx, cohort)
        channel = cohort.channel(ChannelKind.COHORT)
        if channel is not None:
            summary = Outgoing(closing_summary(insights, now, names), channel)
            await uow.deliveries.enqueue(
                Delivery(f"closing-summary:{cohort.id}", summary, not_before=when)
            )
        to = cohort.channel(ChannelKind.COORDINATORS) or coordinator.person.address
        report = closing_report(insights, coordinator.person.display_name, names)
        await uow.deliveries.enqueue(
            Delivery(f"closing-report:{cohort.id}", Outgoing(report, to), not_before=when)
        )
