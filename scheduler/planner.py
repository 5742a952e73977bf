"""Which jobs run when: derived from settings and the database, never stored elsewhere."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.services.bundle import Services
from scheduler import jobs

Job = Callable[[Services], Awaitable[None]]


@dataclass(frozen=True)
class JobSpec:
    id: str
    trigger: BaseTrigger
    run: Job
    # A sweep has no time of its own: it catches up with whatever fell due.
    sweep: bool = False


def plan(outbox_poll_seconds: float) -> list[JobSpec]:
    """Every job the bot runs, each with an explicit id."""
    return [
        JobSpec(
            "outbox-sweep",
            IntervalTrigger(seconds=outbox_poll_seconds),
            jobs.deliver_outbox,
            sweep=True,
        ),
    ]
