"""The outbox counted for the metrics page, in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.messages import Message
from bot.core.model import Delivery, DeliveryStatus
from bot.core.outgoing import Address, Outgoing
from storage.outbox_figures import outbox_figures
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)


def delivery(key: str, platform: str = "slack", **fields: Any) -> Delivery:
    outgoing = Outgoing(Message("Hello"), Address.person(platform, "U0ADA00001"))
    return Delivery(key, outgoing, **fields)


async def test_deliveries_are_counted_by_platform_and_state(
    engine: AsyncEngine, uow: SqlUnitOfWorkFactory
) -> None:
    async with uow() as work:
        for stored in (
            delivery("a", status=DeliveryStatus.SENT),
            delivery("b", status=DeliveryStatus.SENT),
            delivery("c", status=DeliveryStatus.FAILED),
            delivery("d", "teams"),
        ):
            await work.deliveries.enqueue(stored)
        await work.commit()
    figures = await outbox_figures(engine, NOW)
    assert figures.by_state == {
        ("slack", "sent"): 2,
        ("slack", "failed"): 1,
        ("teams", "pending"): 1,
    }


async def test_the_oldest_due_delivery_is_the_one_free_to_go_longest(
    engine: AsyncEngine, uow: SqlUnitOfWorkFactory
) -> None:
    async with uow() as work:
        for stored in (
            delivery("due-a-minute-ago", not_before=NOW - timedelta(minutes=1)),
            delivery("due-ten-minutes-ago", not_before=NOW - timedelta(minutes=10)),
            # Neither a reminder planned for tomorrow nor a retry in its back-off waits yet.
            delivery("tomorrow", not_before=NOW + timedelta(days=1)),
            delivery("backing-off", not_before=NOW + timedelta(seconds=20), attempts=2),
            delivery("sent", not_before=NOW - timedelta(hours=1), status=DeliveryStatus.SENT),
        ):
            await work.deliveries.enqueue(stored)
        await work.commit()
    assert (await outbox_figures(engine, NOW)).oldest_due == NOW - timedelta(minutes=10)
    earlier = await outbox_figures(engine, NOW - timedelta(minutes=30))
    assert earlier.oldest_due is None
