"""Send what waits in the outbox, retrying until it arrives or cannot."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.model import Delivery, DeliveryStatus
from bot.core.outgoing import Links
from bot.core.ports import (
    Clock,
    OutcomeUnknown,
    RateLimited,
    RetryLater,
    Sender,
    Undeliverable,
    UnitOfWork,
    UnitOfWorkFactory,
)
from bot.core.services.due_queue import DueQueue

logger = logging.getLogger(__name__)

# Waits double from 1 second to 30 seconds, each cut at random by up to a half so that
# messages that failed together do not come back together. A failure the platform has
# for a moment costs a message seconds; a long one costs it at most 30 seconds after the
# platform is back (a 5-minute cap left the unlucky few of a fan-out minutes behind the
# rest). Fifty tries keep trying for 11 to 23 minutes before a message counts as failed.
# A 429 waits the Retry-After the platform named, not the ladder's wait.
MAX_ATTEMPTS = 50
FIRST_BACKOFF = timedelta(seconds=1)
MAX_BACKOFF = timedelta(seconds=30)
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
    workers: int = 32  # sends in flight at once; the senders pace them for the platform
    jitter: Callable[[], float] = random.random  # in [0, 1): how much of a wait to cut

    async def dispatch_due(self, batch: int = 100) -> DispatchReport:
        """Send every delivery that is due now, several at once, reading `batch` at a
        time as the workers need more."""

        async def read(leaving_out: Collection[int]) -> Sequence[Delivery]:
            async with self.uow() as uow:
                return await uow.deliveries.due(self.clock.now(), batch, leaving_out)

        queue = DueQueue(read)
        outcomes: list[DeliveryStatus | None] = []

        async def work() -> None:
            while (recipient := await queue.take()) is not None:
                while (delivery := queue.next_of(recipient)) is not None:
                    outcomes.append(await self._deliver(delivery))

        # When one worker fails, the others carry on rather than be cancelled: a send
        # cut off halfway would leave a message that arrived but was never recorded.
        results = await asyncio.gather(
            *(work() for _ in range(self.workers)), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return DispatchReport(
            sent=outcomes.count(DeliveryStatus.SENT),
            retrying=outcomes.count(DeliveryStatus.PENDING),
            failed=outcomes.count(DeliveryStatus.FAILED),
        )

    async def record_arrival(self, platform: str, key: str, ref: str) -> None:
        """The platform says the message carrying delivery `key` arrived, as `ref`.

        It is recorded as sent whatever an attempt's answer said: a delivery whose answer
        was lost is then neither looked for nor sent again.
        """
        async with self.uow() as uow:
            recorded = await uow.deliveries.arrived(platform, key, ref)
            await uow.commit()
        if recorded:
            logger.info("delivery %s arrived, as the platform says; recorded", key)

    async def next_due(self) -> datetime | None:
        """When the earliest waiting delivery may go."""
        async with self.uow() as uow:
            return await uow.deliveries.next_not_before()

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
        except _LookRefused as refused:
            self._wait_to_look(delivery, refused.problem)
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
            except RateLimited as problem:
                raise _LookRefused(problem) from problem
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

    def _wait_to_look(self, delivery: Delivery, problem: RateLimited) -> None:
        """The look before a send was refused for coming too fast: nothing was sent, so
        no try is used (as a wait for a linked message uses none); the delivery stays
        unsure and waits the Retry-After. Tries count sends; a rate limit always ends."""
        delivery.attempts -= 1
        delivery.error = f"cannot check yet: {problem.reason}"
        after = problem.after_seconds
        delivery.not_before = self.clock.now() + (
            FIRST_BACKOFF if after is None else timedelta(seconds=after)
        )
        delivery.status = DeliveryStatus.PENDING

    def _retry(self, delivery: Delivery, problem: RetryLater) -> None:
        delivery.error = problem.reason
        if isinstance(problem, OutcomeUnknown):
            delivery.unsure = True
        if delivery.attempts >= MAX_ATTEMPTS:
            logger.warning("delivery %s gave up after %d tries", delivery.key, delivery.attempts)
            delivery.status = DeliveryStatus.FAILED
            return
        if problem.after_seconds is not None:
            wait = timedelta(seconds=problem.after_seconds)
        else:
            ladder = min(FIRST_BACKOFF * 2 ** (delivery.attempts - 1), MAX_BACKOFF)
            wait = ladder * (1 - self.jitter() / 2)
        if isinstance(problem, OutcomeUnknown):
            wait = max(wait, timedelta(seconds=problem.heard_within))
        delivery.not_before = self.clock.now() + wait
        delivery.status = DeliveryStatus.PENDING


class _LookRefused(Exception):
    """The platform refused the look before a send for coming too fast."""

    def __init__(self, problem: RateLimited) -> None:
        super().__init__(problem.reason)
        self.problem = problem


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
