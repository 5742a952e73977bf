"""Which bot processes are alive, so that a dead one's claims on the outbox go at once.

A process that dies mid-send leaves its claims behind. Rather than wait out the claim
lease, every process notes a heartbeat every few seconds, and frees the claims of any
process whose heartbeat stopped; the outbox then asks the platform whether those
messages arrived before sending them again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import timedelta

from bot.core.ports import Clock, UnitOfWork, UnitOfWorkFactory

logger = logging.getLogger(__name__)

HEARTBEAT = timedelta(seconds=3)
# A process not heard from for this long is gone. Several heartbeats, so that a busy
# process or a slow database does not count as dead.
SILENCE = timedelta(seconds=15)


def new_process_id() -> str:
    """An id for this start of this process: a restarted process is a new one."""
    return f"{os.getpid()}-{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class Liveness:
    uow: UnitOfWorkFactory
    clock: Clock
    process: str
    outbox_ready: asyncio.Event

    async def beat(self) -> int:
        """Prove this process alive and free the claims of the silent; how many were
        freed. The outbox is woken to look at them."""
        async with self.uow() as uow:
            await uow.processes.beat(self.process, self.clock.now())
            return await self._free_claims_of_the_silent(uow)

    async def alone(self) -> int:
        """This process is the only one (it holds the database file): every other
        process is gone, so free their claims now rather than after their silence."""
        async with self.uow() as uow:
            await uow.processes.forget_others(self.process)
            return await self._free_claims_of_the_silent(uow)

    async def _free_claims_of_the_silent(self, uow: UnitOfWork) -> int:
        now = self.clock.now()
        freed = await uow.deliveries.release_orphans(now, now - SILENCE)
        await uow.commit()
        if freed:
            logger.info("freed %d messages claimed by stopped processes", freed)
            self.outbox_ready.set()
        return freed

    async def leave(self) -> None:
        """Stop counting as alive, on a clean stop."""
        async with self.uow() as uow:
            await uow.processes.leave(self.process)
            await uow.commit()
