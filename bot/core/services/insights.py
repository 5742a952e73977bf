"""The insights report, its chart and the full export: loaded in a few queries whatever
the number of leaders (five, then four for each poll), and worked out by pure functions."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from bot.core.cohort_export import ExportData, export_files
from bot.core.insight_figures import Insights, PollRecord
from bot.core.insights import cohort_insights
from bot.core.messages import Message
from bot.core.model import Actor, Cohort, Role
from bot.core.outgoing import Attachment
from bot.core.ports import Charts, UnitOfWork
from bot.core.replies.insights import chart_attachment, chart_message, report_message
from bot.core.services.context import ServiceContext, coordinator_of


@dataclass(frozen=True)
class InsightService:
    ctx: ServiceContext
    charts: Charts | None = None  # without one, the digest goes without its chart

    async def report(self, actor: Actor) -> Message:
        """`/cohort report`: the headline findings and the figures behind them."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            insights = await self.insights(uow, coordinator.cohort)
        return report_message(insights, self.ctx.names_for(actor.platform))

    async def for_cohort(self, slug: str) -> Insights | None:
        """The report for the cohort with this slug; None if there is no such cohort."""
        async with self.ctx.uow() as uow:
            cohort = await uow.cohorts.find(slug)
            return None if cohort is None else await self.insights(uow, cohort)

    async def insights(self, uow: UnitOfWork, cohort: Cohort) -> Insights:
        data = await _load(uow, cohort)
        return cohort_insights(
            self.ctx.curriculum,
            cohort,
            data.members,
            data.completions,
            data.organisations,
            data.questions,
            data.polls,
            self.ctx.clock.now(),
        )

    async def chart(self, uow: UnitOfWork, cohort: Cohort) -> tuple[Message, Attachment] | None:
        """The weekly digest's chart: its comment and the PNG as a file; None
        without leaders or a chart maker. Drawing takes a moment of CPU, so it runs in a
        worker thread."""
        if self.charts is None:
            return None
        insights = await self.insights(uow, cohort)
        if not insights.series:
            return None
        png = await asyncio.to_thread(
            self.charts.completion_png, insights.series, insights.chart_title
        )
        return chart_message(insights), chart_attachment(insights, png)

    async def export(self, slug: str) -> dict[str, str] | None:
        """Every CSV file of the cohort with this slug, by name; None if there is none."""
        async with self.ctx.uow() as uow:
            cohort = await uow.cohorts.find(slug)
            if cohort is None:
                return None
            data = await _load(uow, cohort)
            votes = {
                r.poll.id: await uow.polls.votes(r.poll.id)
                for r in data.polls
                if r.poll.id is not None
            }
        return export_files(self.ctx.curriculum, replace(data, votes=votes), self.ctx.clock.now())


async def _load(uow: UnitOfWork, cohort: Cohort) -> ExportData:
    """The cohort's leaders, completions, organisations, questions and polls: five
    queries, then four for each poll."""
    assert cohort.id is not None
    return ExportData(
        cohort=cohort,
        members=await uow.enrolments.members(cohort.id, Role.LEADER),
        completions=await uow.completions.for_cohort(cohort.id),
        organisations=await uow.organisations.list(cohort.id),
        questions=await uow.questions.for_cohort(cohort.id),
        polls=await _polls(uow, cohort.id),
    )


async def _polls(uow: UnitOfWork, cohort_id: int) -> list[PollRecord]:
    """Each poll with its slots, format votes, sessions and seats: four queries a poll."""
    records = []
    for poll in await uow.polls.for_cohort(cohort_id):
        assert poll.id is not None
        sessions = await uow.sessions.for_poll(poll.id)
        seats = await uow.sessions.seats([s.id for s in sessions if s.id is not None])
        records.append(
            PollRecord(
                poll,
                tuple(await uow.polls.slots(poll.id)),
                tuple(await uow.polls.format_votes(poll.id)),
                tuple(sessions),
                tuple(seats),
            )
        )
    return records
