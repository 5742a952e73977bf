"""Progress snapshots, reminders that did not arrive, and the cost of the report in queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bench.report_bench import add_leaders, measure, open_core
from bot.core.model import Cohort, DeliveryStatus
from bot.core.progress_report import GroupFigures, ProgressSnapshot, Summary
from storage.uow import SqlUnitOfWorkFactory
from tests.deliveries import delivery

FRIDAY = datetime(2027, 1, 15, 15, 0, tzinfo=UTC)


def summary(leaders: int) -> Summary:
    return Summary(GroupFigures("all", "All leaders", leaders, 3 * leaders, 32 * leaders, leaders))


async def test_a_weeks_snapshot_is_kept_once_and_found_by_later_weeks(
    uow: SqlUnitOfWorkFactory, cohort: Cohort
) -> None:
    assert cohort.id is not None
    async with uow() as work:
        for week, leaders in [(1, 10), (2, 12), (4, 15)]:
            taken = FRIDAY + timedelta(weeks=week - 1)
            assert await work.progress_snapshots.add(
                ProgressSnapshot(cohort.id, week, taken, summary(leaders))
            )
        again = ProgressSnapshot(cohort.id, 2, FRIDAY, summary(99))
        assert not await work.progress_snapshots.add(again)
        await work.commit()
    async with uow() as work:
        found = await work.progress_snapshots.latest_before(cohort.id, 4)
        assert found == ProgressSnapshot(cohort.id, 2, FRIDAY + timedelta(weeks=1), summary(12))
        assert await work.progress_snapshots.latest_before(cohort.id, 1) is None
        assert await work.progress_snapshots.latest_before(cohort.id + 1, 9) is None


async def test_problems_are_failed_or_skipped_deliveries_under_one_prefix_only(
    uow: SqlUnitOfWorkFactory,
) -> None:
    rows = [
        ("nudge:1:1:7", DeliveryStatus.FAILED),
        ("nudge:1:1:8", DeliveryStatus.SKIPPED),
        ("nudge:1:1:9", DeliveryStatus.SENT),
        ("nudge:1:1:10", DeliveryStatus.PENDING),
        ("nudge:1:10:7", DeliveryStatus.FAILED),
        ("nudge:11:1:7", DeliveryStatus.FAILED),
        ("behind:1:1:7", DeliveryStatus.FAILED),
        ("nudge:1_1:7", DeliveryStatus.FAILED),
    ]
    async with uow() as work:
        for key, status in rows:
            await work.deliveries.enqueue(delivery(key, "U1", "hi", status=status))
        await work.commit()
    async with uow() as work:
        found = await work.deliveries.problems("nudge:1:1:")
    assert [(d.key, d.status) for d in found] == rows[:2]


async def test_the_report_sends_as_many_sql_statements_for_50_leaders_as_for_5(
    database_url: str,
) -> None:
    core = await open_core(database_url)
    try:
        completions = await add_leaders(core, 0, 5)
        small = await measure(core, "test", 5, completions)
        completions += await add_leaders(core, 5, 45)
        large = await measure(core, "test", 50, completions)
    finally:
        await core.engine.dispose()
    assert small.statements == large.statements <= 8
    assert large.completions > small.completions
