"""The insights report and the export send as many SQL statements for 50 leaders as for 5."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy import event

from bench.report_bench import COORDINATOR, NOW, PLATFORM, add_leaders, open_core
from bot.bootstrap import Core
from bot.core.model import Actor, Role
from bot.core.polls import FormatVote, Poll, ReflectionSession, SlotPlan
from bot.core.questions import Question


async def statements(core: Core, run: Callable[[], Awaitable[object]]) -> int:
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement)

    event.listen(core.engine.sync_engine, "before_cursor_execute", record)
    try:
        await run()
    finally:
        event.remove(core.engine.sync_engine, "before_cursor_execute", record)
    return len(sent)


async def questions_and_a_poll(core: Core) -> None:
    """A question from each leader and a confirmed session with everyone in it."""
    async with core.services.ctx.uow() as uow:
        cohort = await uow.cohorts.find("bench")
        assert cohort is not None and cohort.id is not None
        leaders = await uow.enrolments.members(cohort.id, Role.LEADER)
        people = [m.person.id for m in leaders if m.person.id is not None]
        for person in people:
            await uow.questions.add(Question(cohort.id, person, "Why?", NOW, anonymous=True))
        poll = await uow.polls.add(
            Poll(cohort.id, "Reflection", NOW + timedelta(days=3), people[0], NOW),
            [SlotPlan(NOW + timedelta(days=7), 60)],
        )
        assert poll.id is not None
        [slot] = await uow.polls.slots(poll.id)
        for person in people:
            await uow.polls.vote_format(FormatVote(poll.id, person, "Online"))
        session = ReflectionSession(
            poll.id, slot.id or 0, "Zoom", "Online", starts_at=slot.starts_at, minutes=slot.minutes
        )
        await uow.sessions.add(session, people)
        await uow.commit()


async def test_the_report_and_export_cost_the_same_statements_for_50_leaders_as_for_5(
    database_url: str,
) -> None:
    core = await open_core(database_url)
    reports = core.services.reports
    insights = reports.insights
    assert insights is not None
    actor = Actor(PLATFORM, COORDINATOR)
    try:
        await add_leaders(core, 0, 5)
        await questions_and_a_poll(core)
        small = await statements(core, lambda: reports.report(actor))
        small_export = await statements(core, lambda: insights.export("bench"))
        await add_leaders(core, 5, 45)
        large = await statements(core, lambda: reports.report(actor))
        large_export = await statements(core, lambda: insights.export("bench"))
        message = await reports.report(actor)
    finally:
        await core.engine.dispose()
    # Membership (1), leaders, completions, organisations, questions, polls (5), and for
    # the one poll its sessions, seats, slots and format votes (4).
    assert small == large == 10
    assert small_export == large_export == 11
    assert message.text.startswith("Report: Benchmark cohort. 50 leaders are enrolled")
