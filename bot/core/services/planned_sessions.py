"""A cohort's reflection sessions, confirmed or still being planned: what keeps the digest
going after the course, and what a coordinator closing the cohort should know is ahead."""

from __future__ import annotations

from datetime import datetime

from bot.core.cohort_end import PlannedSessions
from bot.core.polls import PollStatus
from bot.core.ports import UnitOfWork


async def planned_sessions(uow: UnitOfWork, cohort_id: int) -> PlannedSessions:
    """One query for the polls, then one or two for each (a cohort has a few)."""
    confirmed: list[datetime] = []
    possible: list[datetime] = []
    polls = await uow.polls.for_cohort(cohort_id)
    for poll in polls:
        assert poll.id is not None
        slots = await uow.polls.slots(poll.id)
        if poll.status is PollStatus.CONFIRMED:
            chosen = {s.slot_id for s in await uow.sessions.for_poll(poll.id)}
            confirmed += [s.ends_at for s in slots if s.id in chosen]
        else:
            # Any slot may still become a session.
            possible += [s.ends_at for s in slots]
    return PlannedSessions(
        tuple(sorted(confirmed)),
        tuple(sorted(possible)),
        tuple(p for p in polls if p.status is PollStatus.OPEN),
    )
