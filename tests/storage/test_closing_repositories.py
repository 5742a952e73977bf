"""Closing a cohort, letting go of its waiting messages, and announcements, on SQLite and
PostgreSQL: each decided once, however many ask at once."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from bot.core.announcements import Announcement, AnnouncementStatus
from bot.core.model import Cohort, DeliveryStatus
from storage.uow import SqlUnitOfWorkFactory
from tests.deliveries import delivery
from tests.storage.conftest import NOON

LATER = NOON + timedelta(hours=1)


async def test_a_cohort_closes_once_and_its_file_never_opens_it_again(
    uow: SqlUnitOfWorkFactory, cohort: Cohort
) -> None:
    assert cohort.id is not None

    async def close() -> bool:
        async with uow() as work:
            closed = await work.cohorts.close(cohort.id or 0, NOON)
            await work.commit()
        return closed

    assert sorted(await asyncio.gather(close(), close())) == [False, True]
    async with uow() as work:
        assert not await work.cohorts.close(cohort.id, LATER)
        await work.cohorts.update(replace(cohort, name="Spring 2027, renamed"))  # the file
        await work.commit()
    async with uow() as work:
        kept = await work.cohorts.get(cohort.id)
    assert kept is not None and kept.closed_at == NOON and kept.name == "Spring 2027, renamed"


async def test_only_the_pending_deliveries_under_the_prefixes_are_let_go(
    uow: SqlUnitOfWorkFactory,
) -> None:
    async with uow() as work:
        for key, status in [
            ("nudge:1:3:7", DeliveryStatus.PENDING),
            ("nudge:1:2:7", DeliveryStatus.SENT),
            ("nudge:12:3:7", DeliveryStatus.PENDING),
            ("digest-chart:1:3", DeliveryStatus.PENDING),
            ("announce:1:channel", DeliveryStatus.PENDING),
        ]:
            await work.deliveries.enqueue(delivery(key, "U1", "hi", status=status))
        let_go = await work.deliveries.skip_pending(["nudge:1:", "digest-chart:1:"], "closed")
        await work.commit()
    assert let_go == 2
    async with uow() as work:
        statuses = {
            key: (d.status, d.error)
            for key in ("nudge:1:3:7", "nudge:1:2:7", "nudge:12:3:7", "digest-chart:1:3")
            if (d := await work.deliveries.get(key)) is not None
        }
        announcement = await work.deliveries.get("announce:1:channel")
    assert statuses == {
        "nudge:1:3:7": (DeliveryStatus.SKIPPED, "closed"),
        "nudge:1:2:7": (DeliveryStatus.SENT, None),
        "nudge:12:3:7": (DeliveryStatus.PENDING, None),
        "digest-chart:1:3": (DeliveryStatus.SKIPPED, "closed"),
    }
    assert announcement is not None and announcement.status is DeliveryStatus.PENDING


async def test_an_announcement_is_sent_or_dropped_once(
    uow: SqlUnitOfWorkFactory, cohort: Cohort
) -> None:
    assert cohort.id is not None
    async with uow() as work:
        draft = await work.announcements.add(Announcement(cohort.id, "Room 4.", True, NOON))
        await work.commit()
    assert draft.id is not None

    async def decide(status: AnnouncementStatus) -> bool:
        async with uow() as work:
            decided = await work.announcements.decide(draft.id or 0, status, LATER)
            await work.commit()
        return decided

    outcomes = await asyncio.gather(
        decide(AnnouncementStatus.SENT), decide(AnnouncementStatus.DROPPED)
    )
    assert sorted(outcomes) == [False, True]
    async with uow() as work:
        kept = await work.announcements.get(draft.id)
    assert kept is not None and kept.decided_at == LATER
    assert kept.status is (AnnouncementStatus.SENT if outcomes[0] else AnnouncementStatus.DROPPED)
    assert replace(kept, status=AnnouncementStatus.DRAFT, decided_at=None) == draft
