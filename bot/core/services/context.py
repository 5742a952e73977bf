"""What every service needs: the course, the clock and a unit of work."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from bot.core.messages import Message
from bot.core.model import Actor, Cohort, Curriculum, Enrolment, Person, Role
from bot.core.platforms import Capabilities, CommandNames, Platforms
from bot.core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from bot.core.replies.cohort import coordinators_only_message
from bot.core.timetable import Timetable


@dataclass(frozen=True)
class ServiceContext:
    uow: UnitOfWorkFactory
    clock: Clock
    curriculum: Curriculum
    platforms: Platforms
    timetable: Timetable
    outbox_ready: asyncio.Event = field(default_factory=asyncio.Event)

    def wake_outbox(self) -> None:
        """Tell the outbox sender that committed deliveries are waiting."""
        self.outbox_ready.set()

    def names_for(self, platform: str) -> CommandNames:
        """The commands as people on `platform` type them, for texts addressed to them."""
        return self.platforms.names(platform)

    def can(self, platform: str) -> Capabilities:
        return self.platforms.can(platform)

    def zone(self, cohort: Cohort) -> ZoneInfo:
        return ZoneInfo(cohort.time_zone)

    def today(self, cohort: Cohort) -> date:
        """Today's date where the cohort lives."""
        return self.clock.now().astimezone(ZoneInfo(cohort.time_zone)).date()


@dataclass(frozen=True)
class Membership:
    person: Person
    enrolment: Enrolment
    cohort: Cohort


class CohortClosed(Exception):
    """The person asked, in a role whose cohort is closed, for something that would change
    its record (see `refusing_in_closed_cohort`)."""

    def __init__(self, member: Membership) -> None:
        super().__init__(member.cohort.slug)
        self.member = member


# The role in which the running request may not touch a closed cohort, if any. The check
# rides on the use case's own read of who is asking, so it costs no query of its own.
_refused_in_closed: ContextVar[Role | None] = ContextVar("refused_in_closed", default=None)


@contextmanager
def refusing_in_closed_cohort(role: Role | None) -> Iterator[None]:
    """Within this block, reading the actor's membership in `role` raises CohortClosed
    when that membership's cohort is closed."""
    token = _refused_in_closed.set(role)
    try:
        yield
    finally:
        _refused_in_closed.reset(token)


async def membership(uow: UnitOfWork, actor: Actor, role: Role) -> Membership | None:
    """The actor's active enrolment in a given role, if they have one; one query."""
    return next(iter(await memberships(uow, actor, (role,))), None)


async def coordinator_of(
    ctx: ServiceContext, uow: UnitOfWork, actor: Actor
) -> Membership | Message:
    """The actor's place as a coordinator, or the one reply to anyone who is not one."""
    coordinator = await membership(uow, actor, Role.COORDINATOR)
    if coordinator is None:
        return coordinators_only_message(ctx.names_for(actor.platform))
    return coordinator


async def memberships(uow: UnitOfWork, actor: Actor, roles: Sequence[Role]) -> list[Membership]:
    """The actor's active enrolments in any of `roles`, in the order the roles are
    given and then oldest first; one query whatever the roles."""
    found = [
        Membership(*row) for row in await uow.enrolments.active_of(actor.platform, actor.user_id)
    ]
    guarded = _refused_in_closed.get()
    first = next((m for m in found if m.enrolment.role is guarded), None)
    if first is not None and first.cohort.closed_at is not None:
        raise CohortClosed(first)
    return [m for role in roles for m in found if m.enrolment.role is role]
