"""Prometheus metrics at GET /metrics: the outbox, how sends go, and who runs the jobs.

Label values are platform names and delivery states only, never an id, a key or
anything a person wrote, so the page can be scraped and kept without personal data.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector
from prometheus_client.aiohttp import make_aiohttp_handler
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.model import Delivery, DeliveryStatus
from bot.core.outgoing import Links
from bot.core.ports import Clock, RateLimited, Sender
from storage.outbox_figures import outbox_figures

logger = logging.getLogger(__name__)

# From a quick API call to a send that waited its turn behind a weekly fan-out.
SEND_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


class Metrics:
    """One process's metrics, in a registry of its own (so tests can run several bots)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)  # memory, CPU time, open files
        self._deliveries = Gauge(
            "facilitator_deliveries",
            "Deliveries in the outbox by platform and state, counted when scraped.",
            ["platform", "state"],
            registry=self.registry,
        )
        self._oldest = Gauge(
            "facilitator_outbox_oldest_due_seconds",
            "How long the longest-waiting delivery that is due has been free to go "
            "(0 when none is due).",
            registry=self.registry,
        )
        self._sends = SendMetrics(
            seconds=Histogram(
                "facilitator_send_seconds",
                "Time to send one delivery, its wait for a turn within the platform's rate "
                "limits included.",
                ["platform"],
                buckets=SEND_BUCKETS,
                registry=self.registry,
            ),
            rate_limited=Counter(
                "facilitator_rate_limited",
                "Sends the platform refused with HTTP 429.",
                ["platform"],
                registry=self.registry,
            ),
            retries=Counter(
                "facilitator_send_retries",
                "Sends of a delivery that was tried before.",
                ["platform"],
                registry=self.registry,
            ),
            found=Counter(
                "facilitator_found_already_sent",
                "Deliveries whose answer was lost and which were found already posted, so "
                "not sent again.",
                ["platform"],
                registry=self.registry,
            ),
        )
        self._lock_held = Gauge(
            "facilitator_scheduler_lock_held",
            "1 while this process holds the scheduler lock and runs the timed jobs.",
            registry=self.registry,
        )

    def measured(self, sender: Sender) -> Sender:
        """The sender, timed and counted."""
        return MeasuredSender(sender, self._sends)

    def watch_scheduler(self, leading: Callable[[], bool]) -> None:
        """Read whether this process runs the timed jobs at every scrape."""
        self._lock_held.set_function(lambda: float(leading()))

    def serve(self, app: web.Application, engine: AsyncEngine, clock: Clock) -> None:
        """GET /metrics, with the outbox counted in the database at each scrape."""
        expose = make_aiohttp_handler(self.registry)

        async def metrics(request: web.Request) -> web.StreamResponse:
            await self._count_outbox(engine, clock.now())
            return await expose(request)

        app.router.add_get("/metrics", metrics)

    async def _count_outbox(self, engine: AsyncEngine, now: datetime) -> None:
        """Refresh the outbox gauges; without a database they are left out, not stale.

        The gauges change only after the query, with no wait until the page is written,
        so two scrapes at once each show one whole count."""
        try:
            figures = await outbox_figures(engine, now)
        except (SQLAlchemyError, OSError) as error:
            logger.warning("metrics: cannot count the outbox: %s", type(error).__name__)
            self._deliveries.clear()
            self._oldest.set(float("nan"))
            return
        self._deliveries.clear()
        for platform in {platform for platform, _ in figures.by_state}:
            for state in DeliveryStatus:  # every state, 0 included, so alerts see a series
                count = figures.by_state.get((platform, state.value), 0)
                self._deliveries.labels(platform, state.value).set(count)
        oldest = figures.oldest_due
        self._oldest.set(0.0 if oldest is None else max(0.0, (now - oldest).total_seconds()))


@dataclass(frozen=True)
class SendMetrics:
    seconds: Histogram
    rate_limited: Counter
    retries: Counter
    found: Counter


class MeasuredSender:
    """A platform's sender, timing each send and counting retries and 429s."""

    def __init__(self, sender: Sender, metrics: SendMetrics) -> None:
        self._sender = sender
        self.platform = sender.platform
        self._seconds = metrics.seconds.labels(self.platform)
        self._rate_limited = metrics.rate_limited.labels(self.platform)
        self._retries = metrics.retries.labels(self.platform)
        self._found = metrics.found.labels(self.platform)

    async def send(self, delivery: Delivery, links: Links) -> str:
        if delivery.attempts > 1:  # the outbox counts this attempt before it sends
            self._retries.inc()
        started = time.perf_counter()  # a duration, so monotonic time, not the Clock
        try:
            return await self._sender.send(delivery, links)
        except RateLimited:
            self._rate_limited.inc()
            raise
        finally:
            self._seconds.observe(time.perf_counter() - started)

    async def find_sent(self, delivery: Delivery, links: Links, since: datetime) -> str | None:
        found = await self._sender.find_sent(delivery, links, since)
        if found is not None:
            self._found.inc()
        return found
