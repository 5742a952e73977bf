"""Send what waits in the outbox, retrying until it arrives or cannot."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.model import Delivery, DeliveryStatus
from bot.core.outgoing import Links
from bot.core.ports import (
    Clock,
    OutcomeUnknown,
    RetryLater,
    Sender,
    Undeliverable,
    UnitOfWork,
    UnitOfWorkFactory,
)

logger = logging.getLogger(__name__)

# Waits double from 2 seconds to 5 minutes: a failure the platform has for a moment costs a
# message seconds, not the hour an old cap let a few unlucky ones wait. Twelve tries
# keep trying for about 25 minutes before a message counts as failed.
MAX_ATTEMPTS = 12
FIRST_BACKOFF = timedelta(seconds=2)
MAX_BACKOFF = timedelta(minutes=5)
# Long enough for any single send; a process that dies mid-send frees its
# claim after this, and another process picks the delivery up again.
# A process restarting after a crash frees its dead claims at once (see Liveness).
CLAIM_LEASE = timedelta(minutes=2)
# How soon to look again at a reply whose thread, or an edit whose message, is not out yet.
WAIT_FOR_LINKED = timedelta(seconds=5)


@dataclass(frozen=True)
class DispatchReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


@dataclass(frozen=True)
class Outbox:
    uow: UnitOfWorkFactory
    clock: Clock
    senders: Mapping[str, Sender]
    process: str  # this process's id, kept on its claims
    workers: int = 8  # sends in flight at once; the senders pace them for the platform

    async def dispatch_due(self, batch: int = 100) -> DispatchReport:
        """Send every delivery that is due now, a batch at a time, several at once."""
        outcomes: list[DeliveryStatus | None] = []
        while True:
            async with self.uow() as uow:
                due = await uow.deliveries.due(self.clock.now(), batch)
            outcomes += await self._deliver_all(due)
            if len(due) < batch:
                return DispatchReport(
                    sent=outcomes.count(DeliveryStatus.SENT),
                    retrying=outcomes.count(DeliveryStatus.PENDING),
                    failed=outcomes.count(DeliveryStatus.FAILED),
                )

    async def next_due(self) -> datetime | None:
        """When the earliest waiting delivery may go."""
        async with self.uow() as uow:
            return await uow.deliveries.next_not_before()

    async def _deliver_all(self, due: Sequence[Delivery]) -> list[DeliveryStatus | None]:
        """Deliver with a few workers; one worker takes all of a recipient's, in order."""
        by_recipient: dict[tuple[str, str], list[Delivery]] = {}
        for delivery in due:
            by_recipient.setdefault((delivery.platform, delivery.recipient), []).append(delivery)
        queue = iter(by_recipient.values())
        outcomes: list[DeliveryStatus | None] = []

        async def work() -> None:
            for deliveries in queue:
                for delivery in deliveries:
                    outcomes.append(await self._deliver(delivery))

        # When one worker fails, the others carry on rather than be cancelled: a send
        # cut off halfway would leave a message that arrived but was never recorded.
        workers = min(self.workers, len(by_recipient))
        results = await asyncio.gather(*(work() for _ in range(workers)), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return outcomes

    async def _deliver(self, delivery: Delivery) -> DeliveryStatus | None:
        """Claim, send and record one delivery; None if another process has it.

        When an earlier attempt may have posted it, the platform is asked first, so that
        a message whose answer was lost is recorded, not sent twice.
        """
        assert delivery.id is not None
        now = self.clock.now()
        async with self.uow() as uow:
            if not await uow.deliveries.claim(delivery, now, now + CLAIM_LEASE, self.process):
                return None
            await uow.commit()
            links = await _links(uow, delivery)
        delivery.unsure, delivery.claimed_by = delivery.outcome_unknown, None
        if isinstance(links, Delivery):
            return await self._record_link_problem(delivery, links)
        delivery.attempts += 1
        try:
            delivery.platform_ref = await self._send_once(delivery, links)
            delivery.status, delivery.error, delivery.unsure = DeliveryStatus.SENT, None, False
        except RetryLater as problem:
            self._retry(delivery, problem)
        except Undeliverable as problem:
            logger.warning("delivery %s cannot arrive: %s", delivery.key, problem.reason)
            delivery.status, delivery.error = DeliveryStatus.FAILED, problem.reason
        async with self.uow() as uow:
            await uow.deliveries.save(delivery)
            await uow.commit()
        return delivery.status

    async def _send_once(self, delivery: Delivery, links: Links) -> str:
        """The message's reference: found, if an unsure earlier attempt posted it, or sent."""
        sender = self.senders[delivery.platform]
        if delivery.unsure and delivery.attempted_at is not None:
            try:
                found = await sender.find_sent(delivery, links, delivery.attempted_at)
            except RetryLater as problem:
                reason = f"cannot check: {problem.reason}"
                raise OutcomeUnknown(reason, problem.after_seconds) from problem
            if found is not None:
                logger.info("delivery %s had arrived; recorded, not sent again", delivery.key)
                return found
        delivery.attempted_at, delivery.unsure = self.clock.now(), False
        return await sender.send(delivery, links)

    async def _record_link_problem(self, delivery: Delivery, linked: Delivery) -> DeliveryStatus:
        """Wait for the linked message to go out; fail if it never will. No attempt is used."""
        if linked.status is DeliveryStatus.PENDING:
            delivery.not_before = max(
                self.clock.now() + WAIT_FOR_LINKED, linked.not_before or self.clock.now()
            )
            delivery.error = f"waiting for {linked.key}"
        else:
            delivery.status, delivery.error = DeliveryStatus.FAILED, f"{linked.key} was not sent"
            logger.warning("delivery %s cannot arrive: %s", delivery.key, delivery.error)
        async with self.uow() as uow:
            await uow.deliveries.save(delivery)
            await uow.commit()
        return delivery.status

    def _retry(self, delivery: Delivery, problem: RetryLater) -> None:
        delivery.error = problem.reason
        if isinstance(problem, OutcomeUnknown):
            delivery.unsure = True
        if delivery.attempts >= MAX_ATTEMPTS:
            logger.warning("delivery %s gave up after %d tries", delivery.key, delivery.attempts)
            delivery.status = DeliveryStatus.FAILED
            return
        wait = FIRST_BACKOFF * 2 ** (delivery.attempts - 1)
        if problem.after_seconds is not None:
            wait = timedelta(seconds=problem.after_seconds)
        delivery.not_before = self.clock.now() + min(wait, MAX_BACKOFF)
        delivery.status = DeliveryStatus.PENDING


async def _links(uow: UnitOfWork, delivery: Delivery) -> Links | Delivery:
    """The platform references of the messages `delivery` goes under or replaces.

    Returns instead a linked delivery that has not been sent, if there is one.
    """
    refs: list[str | None] = []
    for key in (delivery.outgoing.under, delivery.outgoing.replaces):
        if key is None:
            refs.append(None)
            continue
        linked = await uow.deliveries.get(key)
        if linked is None:
            linked = Delivery(key, delivery.outgoing, DeliveryStatus.FAILED)
        if linked.status is not DeliveryStatus.SENT:
            return linked
        refs.append(linked.platform_ref)
    return Links(thread_ref=refs[0], replace_ref=refs[1])
