"""Coordinators' progress figures: on demand, as a file, and in the weekly digest."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import uuid4

from bot.core.messages import Message
from bot.core.model import Actor, ChannelKind, Cohort, Delivery, DeliveryStatus, Role
from bot.core.outgoing import Attachment, Outgoing
from bot.core.ports import UnitOfWork
from bot.core.progress_report import (
    CohortFigures,
    ProgressSnapshot,
    counted_figures,
    progress_rules,
    reach_problems,
)
from bot.core.replies.reports import (
    digest_message,
    export_filename,
    export_message,
    export_sent_message,
    progress_csv,
    progress_message,
)
from bot.core.services.context import ServiceContext, coordinator_of
from bot.core.services.insights import InsightService
from bot.core.services.question_reminders import QuestionReminders
from bot.core.services.reach import unreached_members

logger = logging.getLogger(__name__)

# Why a digest was kept but not posted: nobody is enrolled to coordinate the cohort.
NOBODY_READS = "not sent: the cohort has no coordinator"


@dataclass(frozen=True)
class ReportService:
    ctx: ServiceContext
    reminders: QuestionReminders
    insights: InsightService | None = None  # the report, and the digest's chart

    async def report(self, actor: Actor) -> Message:
        """Headline findings on the proposal's questions, and the figures behind them."""
        return await (self.insights or InsightService(self.ctx)).report(actor)

    async def progress(self, actor: Actor) -> Message:
        """Completion by organisation, seniority and pace, and who is behind."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            figures = await self._figures(uow, coordinator.cohort)
        return progress_message(coordinator.cohort, figures, self.ctx.names_for(actor.platform))

    async def export(self, actor: Actor) -> Message:
        """Send the coordinator a CSV file, one row per leader, through the outbox."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            cohort, person = coordinator.cohort, coordinator.person
            figures = await self._figures(uow, cohort)
            today, now = self.ctx.today(cohort), self.ctx.clock.now()
            filename = export_filename(cohort, today)
            attachment = Attachment.text(filename, progress_csv(figures.leaders))
            message = export_message(cohort, today)
            await uow.deliveries.enqueue(
                Delivery(
                    # Each request is its own file, so the key is unique per request.
                    key=f"export:{cohort.id}:{person.id}:{uuid4().hex}",
                    outgoing=Outgoing(message, person.address, attachment=attachment),
                    not_before=now,
                )
            )
            await uow.commit()
        self.ctx.wake_outbox()
        return export_sent_message(filename)

    async def weekly_digest(self, cohort_id: int, week: int, last: bool = False) -> None:
        """Keep the week's figures and post the digest to the coordinators' channel, once;
        the `last` one says so and how to close the cohort."""
        key = f"digest:{cohort_id}:{week}"
        async with self.ctx.uow() as uow:
            cohort = await uow.cohorts.get(cohort_id)
            if cohort is None or await uow.deliveries.get(key) is not None:
                return
            channel = cohort.channel(ChannelKind.COORDINATORS)
            read = bool(channel and await uow.enrolments.members(cohort_id, Role.COORDINATOR))
            figures = await self._figures(uow, cohort)
            # Drawn before anything is written, so no write waits on the drawing.
            chart = await self.insights.chart(uow, cohort) if self.insights and read else None
            previous = await uow.progress_snapshots.latest_before(cohort_id, week)
            now = self.ctx.clock.now()
            await uow.progress_snapshots.add(
                ProgressSnapshot(cohort_id, week, now, figures.summary)
            )
            if not read:
                logger.warning("cohort %s has no coordinators' channel or coordinator", cohort.slug)
            if channel is not None:
                digest = await self._digest(uow, cohort, week, figures, previous, last)
                # A digest computed late (the bot was down) waits for working hours.
                when = self.ctx.timetable.next_allowed(now, self.ctx.zone(cohort))
                outgoing = Outgoing(digest, channel)
                # One nobody would read is kept as skipped all the same, so the rhythm
                # finds the week's digest done rather than working it out every minute.
                await uow.deliveries.enqueue(
                    Delivery(key, outgoing, not_before=when)
                    if read
                    else Delivery(key, outgoing, status=DeliveryStatus.SKIPPED, error=NOBODY_READS)
                )
                if chart is not None:
                    # Queued after the digest, so the outbox posts it just below.
                    comment, attachment = chart
                    await uow.deliveries.enqueue(
                        Delivery(
                            f"digest-chart:{cohort_id}:{week}",
                            Outgoing(comment, channel, attachment=attachment),
                            not_before=when,
                        )
                    )
            await uow.commit()
        self.ctx.wake_outbox()

    async def _digest(
        self,
        uow: UnitOfWork,
        cohort: Cohort,
        week: int,
        figures: CohortFigures,
        previous: ProgressSnapshot | None,
        last: bool,
    ) -> Message:
        """The week's digest: the figures and their change, the week's nudges that did not
        arrive, questions waiting too long, and who the bot cannot reach yet."""
        assert cohort.id is not None
        problems = reach_problems(await uow.deliveries.problems(f"nudge:{cohort.id}:{week}:"))
        overdue = self.reminders.overdue(list(await uow.questions.for_cohort(cohort.id)), cohort)
        names = self.ctx.names_for(cohort.platform)
        not_reached = await unreached_members(self.ctx, uow, cohort)
        return digest_message(
            cohort, week, figures, previous, problems, names, overdue, not_reached, last
        )

    async def _figures(self, uow: UnitOfWork, cohort: Cohort) -> CohortFigures:
        """Three queries, whatever the number of leaders: the database counts each
        leader's modules, so no completion is loaded."""
        assert cohort.id is not None
        today = self.ctx.today(cohort)
        rules = progress_rules(self.ctx.curriculum, cohort, today)
        progress = await uow.completions.leader_progress(cohort.id, rules)
        organisations = await uow.organisations.list(cohort.id)
        return counted_figures(self.ctx.curriculum, cohort, progress, organisations, today)
