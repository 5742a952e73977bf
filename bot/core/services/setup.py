"""Bring the database in line with the coordinators' cohort file."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

from bot.core.messages import Message
from bot.core.model import (
    Cohort,
    CohortSetup,
    Enrolment,
    EnrolmentStatus,
    Organisation,
    ParticipantSetup,
    Person,
    Rhythm,
    Role,
    StaffSetup,
)
from bot.core.ports import UnitOfWork
from bot.core.programme import week_of
from bot.core.replies.cohort import retired_modules_note, welcome_message
from bot.core.services.context import ServiceContext
from bot.core.services.seats import fill_seats, tell_all, welcome_key

BATCH = 1000  # participants enrolled in one go

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SetupService:
    ctx: ServiceContext

    async def apply(self, setup: CohortSetup, platform: str) -> Cohort:
        """Create or update the cohort, its organisations, staff and participants.

        It only adds: people enrolled by command stay enrolled, and their details set by
        command are kept. It works in sets, whatever the length of the file: a few
        queries find who is new, and only what is new is written, in one statement a
        table. A start with nothing new writes nothing.
        """
        async with self.ctx.uow() as uow:
            cohort = await _save_cohort(uow, replace(setup.cohort, platform=platform))
            assert cohort.id is not None
            await _save_organisations(uow, cohort.id, setup.organisations)
            await _enrol_staff(uow, cohort, platform, setup.coordinators, Role.COORDINATOR)
            await _enrol_staff(uow, cohort, platform, setup.moderators, Role.MODERATOR)
            await self._enrol_participants(uow, cohort, platform, setup.participants)
            organisations = {o.id: o for o in await uow.organisations.list(cohort.id)}
            for waiting in sorted(await uow.enrolments.waiting_in(cohort.id)):
                # More seats in the file: the first on the waitlist take them.
                if organisation := organisations.get(waiting):
                    await fill_seats(self.ctx, uow, cohort, organisation, None)
            await uow.commit()
        self.ctx.wake_outbox()
        if note := await self.retired_modules(cohort.slug):
            logger.warning("%s", note)
        return cohort

    async def _enrol_participants(
        self,
        uow: UnitOfWork,
        cohort: Cohort,
        platform: str,
        participants: Sequence[ParticipantSetup],
    ) -> None:
        """Enrol and welcome the participants not enrolled as leaders yet (in any status:
        a leader who withdrew stays withdrawn). A person the bot knows already, from
        another cohort or role, takes the file's organisation and seniority."""
        assert cohort.id is not None
        enrolled = await uow.enrolments.enrolled(cohort.id, Role.LEADER)
        new = [p for p in participants if (platform, p.user_id) not in enrolled]
        if not new:
            return
        known = await uow.people.find_all(platform, [p.user_id for p in new])
        welcome = self._welcome(cohort, platform)
        # A thousand at a time: a few statements each, and little held in memory at once.
        for start in range(0, len(new), BATCH):
            batch = {p.user_id: p for p in new[start : start + BATCH]}
            await self._enrol_batch(uow, cohort, platform, batch, known, welcome)

    async def _enrol_batch(
        self,
        uow: UnitOfWork,
        cohort: Cohort,
        platform: str,
        new: dict[str, ParticipantSetup],
        known: Mapping[str, Person],
        welcome: Callable[[int | None], Message],
    ) -> None:
        assert cohort.id is not None
        moved = [
            replace(person, organisation_id=entry.organisation_id, seniority=entry.seniority)
            for user_id, entry in new.items()
            if (person := known.get(user_id)) is not None
            and (person.organisation_id, person.seniority)
            != (entry.organisation_id, entry.seniority)
        ]
        await uow.people.update_all(moved)
        people = {u: known[u] for u in new if u in known}
        people |= {p.platform_user_id: p for p in moved}
        people |= await uow.people.add_all(
            [
                Person(platform, p.user_id, p.name, p.organisation_id, p.seniority)
                for p in new.values()
                if p.user_id not in known
            ]
        )
        people |= await _added_meanwhile(uow, platform, new.keys() - people.keys())
        now = self.ctx.clock.now()
        # A leader who joins late gets a plan from their joining week to the cohort's end.
        week = max(1, week_of(cohort.start_date, self.ctx.today(cohort)))
        added = await uow.enrolments.add_all(
            [
                Enrolment(
                    cohort.id,
                    _stored_id(people[user_id]),
                    Role.LEADER,
                    entry.pace,
                    EnrolmentStatus.ACTIVE,
                    joined_at=now,
                    rhythm=Rhythm(plan_start_week=week),
                )
                for user_id, entry in new.items()
            ]
        )
        await tell_all(
            self.ctx,
            uow,
            [
                (welcome_key(cohort, person), person, welcome(entry.pace))
                for user_id, entry in new.items()
                if (person := people[user_id]).id in added
            ],
        )

    def _welcome(self, cohort: Cohort, platform: str) -> Callable[[int | None], Message]:
        """The welcome for each pace, made once: it names no one."""
        today = self.ctx.today(cohort)
        names = self.ctx.names_for(platform)

        @cache
        def welcome(pace: int | None) -> Message:
            weeks = pace or cohort.default_pace
            return welcome_message(cohort, self.ctx.curriculum, weeks, today, names)

        return welcome

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
    if existing != wanted:
        await uow.cohorts.update(wanted)
    return wanted


async def _save_organisations(
    uow: UnitOfWork, cohort_id: int, organisations: Sequence[Organisation]
) -> None:
    """Add the file's new organisations and update those whose name or seats changed."""
    stored = set(await uow.organisations.list(cohort_id))
    for organisation in organisations:
        if organisation not in stored:
            await uow.organisations.upsert(cohort_id, organisation)


async def _enrol_staff(
    uow: UnitOfWork, cohort: Cohort, platform: str, staff: Sequence[StaffSetup], role: Role
) -> None:
    """Enrol the file's coordinators or moderators who have no enrolment in that role (one
    taken away by command stays away); a person the bot knows keeps their name."""
    assert cohort.id is not None
    enrolled = await uow.enrolments.enrolled(cohort.id, role)
    new = {s.user_id: s for s in staff if (platform, s.user_id) not in enrolled}
    if not new:
        return
    known = await uow.people.find_all(platform, new)
    people = known | await uow.people.add_all(
        [
            Person(platform, s.user_id, s.name or s.user_id)
            for s in new.values()
            if s.user_id not in known
        ]
    )
    people |= await _added_meanwhile(uow, platform, new.keys() - people.keys())
    await uow.enrolments.add_all(
        [
            Enrolment(cohort.id, _stored_id(person), role, status=EnrolmentStatus.ACTIVE)
            for person in people.values()
        ]
    )


async def _added_meanwhile(
    uow: UnitOfWork, platform: str, user_ids: Collection[str]
) -> dict[str, Person]:
    """People another process added while this one was adding them too (a start-up at
    the same moment); nothing to ask for, most times."""
    return await uow.people.find_all(platform, user_ids) if user_ids else {}


def _stored_id(person: Person) -> int:
    assert person.id is not None
    return person.id
