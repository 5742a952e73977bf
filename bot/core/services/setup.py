"""Bring the database in line with the coordinators' cohort file."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from bot.core.model import (
    Cohort,
    CohortSetup,
    Enrolment,
    EnrolmentStatus,
    Person,
    Role,
)
from bot.core.ports import UnitOfWork
from bot.core.replies.cohort import retired_modules_note
from bot.core.services.context import ServiceContext
from bot.core.services.enrolment import enrol_leader, save_person
from bot.core.services.seats import enrolment_in, fill_seats

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SetupService:
    ctx: ServiceContext

    async def apply(self, setup: CohortSetup, platform: str) -> Cohort:
        """Create or update the cohort, its organisations, staff and participants.

        It only adds: people enrolled by command stay enrolled, and their
        details set by command are kept.
        """
        async with self.ctx.uow() as uow:
            cohort = await _save_cohort(uow, replace(setup.cohort, platform=platform))
            assert cohort.id is not None
            for organisation in setup.organisations:
                await uow.organisations.upsert(cohort.id, organisation)
            for staff, role in [
                *((c, Role.COORDINATOR) for c in setup.coordinators),
                *((m, Role.MODERATOR) for m in setup.moderators),
            ]:
                person = await _person(uow, platform, staff.user_id, staff.name)
                await _ensure_role(uow, cohort, person, role)
            for entry in setup.participants:
                known = await uow.people.find(platform, entry.user_id)
                if known is not None and await enrolment_in(uow, cohort, known) is not None:
                    continue
                person = known or Person(platform, entry.user_id, entry.name)
                person.organisation_id = entry.organisation_id
                person.seniority = entry.seniority
                stored = await save_person(uow, person)
                await enrol_leader(self.ctx, uow, cohort, stored, entry.pace)
            for organisation in setup.organisations:
                # More seats in the file: the first on the waitlist take them.
                await fill_seats(self.ctx, uow, cohort, organisation, None)
            await uow.commit()
        self.ctx.wake_outbox()
        if note := await self.retired_modules(cohort.slug):
            logger.warning("%s", note)
        return cohort

    async def retired_modules(self, slug: str) -> str | None:
        """What the bot no longer counts: stored completions of modules taken out of the
        course file since. None when there are none, or no such cohort."""
        async with self.ctx.uow() as uow:
            cohort = await uow.cohorts.find(slug)
            if cohort is None or cohort.id is None:
                return None
            by_module = await uow.completions.counts_by_module(cohort.id)
        current = self.ctx.curriculum.module_ids
        retired = {module: n for module, n in by_module.items() if module not in current}
        return retired_modules_note(cohort, retired) if retired else None


async def _save_cohort(uow: UnitOfWork, wanted: Cohort) -> Cohort:
    existing = await uow.cohorts.find(wanted.slug)
    if existing is None:
        return await uow.cohorts.add(wanted)
    wanted.id = existing.id
    await uow.cohorts.update(wanted)
    return wanted


async def _person(uow: UnitOfWork, platform: str, user_id: str, name: str | None) -> Person:
    person = await uow.people.find(platform, user_id)
    if person is not None:
        return person
    return await uow.people.add(Person(platform, user_id, name or user_id))


async def _ensure_role(uow: UnitOfWork, cohort: Cohort, person: Person, role: Role) -> None:
    assert cohort.id is not None and person.id is not None
    if await enrolment_in(uow, cohort, person, role) is None:
        await uow.enrolments.add(
            Enrolment(cohort.id, person.id, role, status=EnrolmentStatus.ACTIVE)
        )
