"""What the outbox holds, counted in the database for the metrics page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.model import DeliveryStatus
from storage.orm import DeliveryRow


@dataclass(frozen=True)
class OutboxFigures:
    # How many deliveries each platform has in each state.
    by_state: Mapping[tuple[str, str], int]
    # Since when the longest-waiting delivery that is due has been free to go; None when
    # none is due. A retry waits out its back-off, and a claim its lease, before it counts.
    oldest_due: datetime | None


async def outbox_figures(engine: AsyncEngine, now: datetime) -> OutboxFigures:
    """Two aggregate queries, whatever the outbox's size: nothing is loaded row by row."""
    due_since = func.coalesce(DeliveryRow.not_before, DeliveryRow.created_at)
    async with engine.connect() as connection:
        counted = await connection.execute(
            select(DeliveryRow.platform, DeliveryRow.status, func.count()).group_by(
                DeliveryRow.platform, DeliveryRow.status
            )
        )
        by_state = {(platform, state): count for platform, state, count in counted}
        oldest = await connection.scalar(
            select(func.min(due_since)).where(
                DeliveryRow.status == DeliveryStatus.PENDING.value,
                or_(DeliveryRow.not_before.is_(None), DeliveryRow.not_before <= now),
            )
        )
    return OutboxFigures(by_state, oldest)
