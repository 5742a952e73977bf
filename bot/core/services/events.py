"""Incoming platform events are handled once, however often they arrive."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.services.context import ServiceContext


@dataclass(frozen=True)
class EventLedger:
    ctx: ServiceContext

    async def first_time(self, event_id: str) -> bool:
        """Record an event id; False when it was handled before (a platform retry)."""
        async with self.ctx.uow() as uow:
            new = await uow.processed_events.record(event_id, self.ctx.clock.now())
            await uow.commit()
        return new
