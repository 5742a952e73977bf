"""The outbox of deliveries, the record of incoming events, and the audit log."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.core.messages import Message, Paragraph
from bot.core.model import AuditEntry, Cohort, Delivery, DeliveryStatus, Person
from bot.core.outgoing import Address, Outgoing
from bot.core.ports import Unreachable
from storage.orm import AuditRow
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=2)
MESSAGE = Message("Welcome, Ada", (Paragraph("Welcome, Ada"),))


def nudge(person: str, not_before: datetime | None = None, to: str | None = None) -> Delivery:
    outgoing = Outgoing(MESSAGE, Address.person("slack", to or person))
    return Delivery(f"nudge:1:2:{person}", outgoing, not_before=not_before)


async def enqueue(uow: SqlUnitOfWorkFactory, *deliveries: Delivery) -> list[Delivery]:
    """Store deliveries and return them as stored, with their ids."""
    async with uow() as work:
        for delivery in deliveries:
            assert await work.deliveries.enqueue(delivery)
        await work.commit()
        stored = [await work.deliveries.get(d.key) for d in deliveries]
    assert all(s is not None for s in stored)
    return [s for s in stored if s is not None]


async def claim(uow: SqlUnitOfWorkFactory, delivery: Delivery, now: datetime = NOW) -> bool:
    assert delivery.id is not None
    async with uow() as work:
        taken = await work.deliveries.claim(delivery, now, now + timedelta(minutes=2), "p1")
        await work.commit()
    return taken


async def test_a_delivery_is_enqueued_once_per_key(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        assert await work.deliveries.enqueue(nudge("U1"))
        assert not await work.deliveries.enqueue(nudge("U1", to="U2"))
        assert await work.deliveries.enqueue(nudge("U3"))
        await work.commit()
    async with uow() as work:
        stored = await work.deliveries.get("nudge:1:2:U1")
        assert not await work.deliveries.enqueue(nudge("U1"))
    assert stored is not None and stored.id is not None
    assert stored == replace(nudge("U1"), id=stored.id)


async def test_an_unknown_key_has_no_delivery(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        assert await work.deliveries.get("nudge:404") is None


async def test_concurrent_enqueues_of_one_key_keep_one_delivery(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as first:
        assert await first.deliveries.enqueue(nudge("U1"))

        async def second_enqueue() -> bool:
            async with uow() as second:
                added = await second.deliveries.enqueue(nudge("U1", to="U2"))
                await second.commit()
            return added

        # The second writer waits on the first's uncommitted row, then sees the conflict.
        racing = asyncio.create_task(second_enqueue())
        await asyncio.sleep(0.1)
        await first.commit()
    assert not await racing
    async with uow() as work:
        stored = await work.deliveries.get("nudge:1:2:U1")
    assert stored is not None and stored.recipient == "U1"


async def test_due_deliveries_are_pending_and_not_held_back_in_id_order(
    uow: SqlUnitOfWorkFactory,
) -> None:
    soon, held, _sent, now, unset = await enqueue(
        uow,
        nudge("U1", NOW - timedelta(seconds=1)),
        nudge("U2", NOW + timedelta(seconds=1)),
        replace(nudge("U3"), status=DeliveryStatus.SENT),
        nudge("U4", NOW),
        nudge("U5"),
    )
    async with uow() as work:
        assert await work.deliveries.due(NOW, 10) == [soon, now, unset]
        assert await work.deliveries.due(NOW, 2) == [soon, now]
        assert await work.deliveries.due(LATER, 10) == [soon, held, now, unset]


async def test_a_claimed_delivery_is_held_back_and_counts_an_attempt(
    uow: SqlUnitOfWorkFactory,
) -> None:
    (delivery,) = await enqueue(uow, nudge("U1"))
    assert await claim(uow, delivery)
    async with uow() as work:
        assert await work.deliveries.due(NOW, 10) == []
        claimed = await work.deliveries.get(delivery.key)
    assert claimed == replace(
        delivery, attempts=1, not_before=LATER, claimed_by="p1", attempted_at=NOW
    )


async def test_only_one_of_two_claims_takes_a_delivery(uow: SqlUnitOfWorkFactory) -> None:
    (delivery,) = await enqueue(uow, nudge("U1"))
    assert await claim(uow, delivery)
    assert not await claim(uow, delivery)
    # Once the claim has run out another process may take it again, as it reads it now:
    # a claim on what it read before the first claim is refused.
    assert not await claim(uow, delivery, LATER)
    async with uow() as work:
        (again,) = await work.deliveries.due(LATER, 10)
    assert await claim(uow, again, LATER)


async def test_a_claim_its_process_never_finished_leaves_the_next_one_unsure(
    uow: SqlUnitOfWorkFactory,
) -> None:
    (delivery,) = await enqueue(uow, nudge("U1"))
    assert await claim(uow, delivery)
    async with uow() as work:
        (orphan,) = await work.deliveries.due(LATER, 10)
    assert orphan.claimed_by == "p1" and orphan.outcome_unknown
    assert await claim(uow, orphan, LATER)
    async with uow() as work:
        taken = await work.deliveries.get(delivery.key)
    # It may have gone at the first attempt: that attempt's time is kept to look from.
    assert taken is not None and taken.unsure and taken.attempted_at == NOW


async def test_claims_of_silent_processes_are_released_at_once(
    uow: SqlUnitOfWorkFactory,
) -> None:
    mine, theirs, gone = await enqueue(uow, nudge("U1"), nudge("U2"), nudge("U3"))
    async with uow() as work:
        await work.processes.beat("alive", NOW)
        await work.processes.beat("silent", NOW - timedelta(minutes=1))
        for delivery, process in ((mine, "alive"), (theirs, "silent"), (gone, "vanished")):
            assert await work.deliveries.claim(delivery, NOW, LATER, process)
        await work.commit()
    async with uow() as work:
        assert await work.deliveries.release_orphans(NOW, NOW - timedelta(seconds=15)) == 2
        await work.commit()
    async with uow() as work:
        due = {d.key: d for d in await work.deliveries.due(NOW, 10)}
    assert set(due) == {theirs.key, gone.key}
    assert all(d.outcome_unknown for d in due.values())


async def test_a_process_alone_forgets_the_others(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        await work.processes.beat("old", NOW)
        await work.processes.beat("new", NOW)
        await work.processes.beat("new", LATER)
        assert await work.processes.forget_others("new") == 1
        await work.processes.leave("new")
        assert await work.processes.forget_others("new") == 0
        await work.commit()


async def test_concurrent_claims_let_exactly_one_process_win(uow: SqlUnitOfWorkFactory) -> None:
    (delivery,) = await enqueue(uow, nudge("U1"))
    results = await asyncio.gather(*(claim(uow, delivery) for _ in range(5)))
    assert sorted(results) == [False, False, False, False, True]
    async with uow() as work:
        claimed = await work.deliveries.get(delivery.key)
    assert claimed is not None and claimed.attempts == 1


async def test_deliveries_that_are_not_due_cannot_be_claimed(uow: SqlUnitOfWorkFactory) -> None:
    held, sent = await enqueue(
        uow, nudge("U1", LATER), replace(nudge("U2"), status=DeliveryStatus.SENT)
    )
    assert not await claim(uow, held)
    assert not await claim(uow, sent)
    assert not await claim(uow, replace(sent, id=404))


async def test_saving_a_delivery_writes_back_its_outcome(uow: SqlUnitOfWorkFactory) -> None:
    (delivery,) = await enqueue(uow, nudge("U1"))
    outcome = replace(
        delivery, status=DeliveryStatus.SENT, attempts=2, not_before=None, platform_ref="1700.01"
    )
    retry = replace(delivery, attempts=3, not_before=LATER, error="ratelimited")
    for wanted in (retry, outcome):
        async with uow() as work:
            await work.deliveries.save(wanted)
            await work.commit()
        async with uow() as work:
            assert await work.deliveries.get(delivery.key) == wanted


async def test_an_arrival_the_platform_reports_is_recorded_and_outlasts_a_lost_answer(
    uow: SqlUnitOfWorkFactory,
) -> None:
    delivery, other = await enqueue(uow, nudge("U1"), nudge("U2"))
    assert await claim(uow, delivery)  # being sent: the post arrives, its answer is lost
    async with uow() as work:
        assert not await work.deliveries.arrived("teams", delivery.key, "D1:1700.5")
        assert await work.deliveries.arrived("slack", delivery.key, "D1:1700.5")
        assert not await work.deliveries.arrived("slack", delivery.key, "D1:1700.5")
        assert not await work.deliveries.arrived("slack", "no-such-key", "D1:1700.6")
        await work.commit()
    lost = replace(delivery, attempts=1, not_before=LATER, error="internal_error", unsure=True)
    async with uow() as work:
        await work.deliveries.save(lost)
        await work.deliveries.save(replace(other, attempts=1, error="internal_error"))
        await work.commit()
    async with uow() as work:
        arrived = await work.deliveries.get(delivery.key)
        untouched = await work.deliveries.get(other.key)
    assert arrived is not None and untouched is not None
    assert (arrived.status, arrived.platform_ref, arrived.unsure, arrived.claimed_by) == (
        DeliveryStatus.SENT,
        "D1:1700.5",
        False,
        None,
    )
    assert arrived.not_before is None and arrived.error is None
    assert (untouched.status, untouched.error) == (DeliveryStatus.PENDING, "internal_error")


async def test_withdrawing_deletes_only_pending_untried_deliveries_under_the_prefix(
    uow: SqlUnitOfWorkFactory,
) -> None:
    def about(key: str) -> Delivery:
        return replace(nudge("U1"), key=key)

    waiting, held, tried, sent, other, longer = await enqueue(
        uow,
        about("session-invite:7:1"),
        replace(about("session-invite:7:2"), not_before=LATER),
        about("session-invite:7:3"),
        replace(about("session-invite:7:4"), status=DeliveryStatus.SENT),
        about("session-invite:8:1"),
        about("session-invite:70:1"),
    )
    assert await claim(uow, tried)  # being sent right now: its sender records what happens
    async with uow() as work:
        assert await work.deliveries.withdraw_pending("session-invite:7:") == 2
        await work.commit()
    async with uow() as work:
        kept = await work.deliveries.keys_starting("session-invite:")
    assert kept == {tried.key, sent.key, other.key, longer.key}
    assert waiting.key not in kept and held.key not in kept


async def test_an_event_is_recorded_once(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        assert await work.processed_events.record("Ev01", NOW)
        assert not await work.processed_events.record("Ev01", LATER)
        assert await work.processed_events.record("Ev02", NOW)
        await work.commit()
    async with uow() as work:
        assert not await work.processed_events.record("Ev02", LATER)
        assert await work.processed_events.seen("Ev02")
        assert not await work.processed_events.seen("Ev03")


async def test_an_audit_entry_is_written_with_its_time(
    uow: SqlUnitOfWorkFactory,
    engine: AsyncEngine,
    cohort: Cohort,
    add_person: Callable[[str], Awaitable[Person]],
) -> None:
    coordinator = await add_person("Grace Hopper")
    entry = AuditEntry(coordinator.id, "enrol-leader", {"person_id": 7, "pace": 6}, cohort.id)
    async with uow() as work:
        await work.audit.add(entry, NOW)
        await work.audit.add(AuditEntry(None, "import"), LATER)
        await work.commit()
    async with AsyncSession(engine) as session:
        rows = (await session.scalars(select(AuditRow).order_by(AuditRow.id))).all()
    assert [(r.cohort_id, r.actor_person_id, r.action, r.details, r.at) for r in rows] == [
        (cohort.id, coordinator.id, "enrol-leader", {"person_id": 7, "pace": 6}, NOW),
        (None, None, "import", {}, LATER),
    ]


async def test_only_unreached_deliveries_under_the_prefix_are_made_pending_again(
    uow: SqlUnitOfWorkFactory,
) -> None:
    to_amira = Address.person("teams", "29:amira")
    welcome = Delivery("welcome:1:7", Outgoing(MESSAGE, to_amira))
    nudge_7 = Delivery("nudge:1:1:7", Outgoing(MESSAGE, to_amira))
    gone = Delivery("welcome:1:8", Outgoing(MESSAGE, Address.person("teams", "29:ben")))
    stored = await enqueue(uow, welcome, nudge_7, gone)
    async with uow() as work:
        for delivery in stored:
            delivery.status, delivery.error = DeliveryStatus.FAILED, Unreachable().reason
            delivery.attempts = 1
            await work.deliveries.save(delivery)
        await work.commit()
    async with uow() as work:
        assert await work.deliveries.retry_unreached(to_amira, "welcome:") == 1
        await work.commit()
    async with uow() as work:
        statuses = {d.key: (await work.deliveries.get(d.key)) for d in stored}
    assert {k: (d.status, d.attempts) for k, d in statuses.items() if d} == {
        "welcome:1:7": (DeliveryStatus.PENDING, 0),
        "nudge:1:1:7": (DeliveryStatus.FAILED, 1),
        "welcome:1:8": (DeliveryStatus.FAILED, 1),
    }
