"""What every service needs: the course, the clock and a unit of work."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from bot.core.model import Actor, Cohort, Curriculum, Enrolment, EnrolmentStatus, Person, Role
from bot.core.platforms import Capabilities, CommandNames, Platforms
from bot.core.ports import Clock, UnitOfWork, UnitOfWorkFactory
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


async def membership(uow: UnitOfWork, actor: Actor, role: Role) -> Membership | None:
    """The actor's active enrolment in a given role, if they have one."""
    person = await uow.people.find(actor.platform, actor.user_id)
    if person is None or person.id is None:
        return None
    for enrolment in await uow.enrolments.for_person(person.id):
        if enrolment.role is role and enrolment.status is EnrolmentStatus.ACTIVE:
            cohort = await uow.cohorts.get(enrolment.cohort_id)
            if cohort is not None:
                return Membership(person, enrolment, cohort)
    return None
