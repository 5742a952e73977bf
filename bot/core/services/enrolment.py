"""Coordinators enrol leaders and see the cohort at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands import EnrolLeader, ShowCohortStatus
from bot.core.messages import Message
from bot.core.model import Actor, AuditEntry, Cohort, Enrolment, EnrolmentStatus, Person, Role
from bot.core.ports import Directory, UnitOfWork
from bot.core.programme import week_of
from bot.core.replies.cohort import (
    OrganisationFigures,
    enrolled_message,
    status_message,
)
from bot.core.replies.recruitment import (
    no_free_seat_message,
    not_found_message,
    unknown_organisation_message,
)
from bot.core.services.context import ServiceContext, coordinator_of
from bot.core.services.reach import unreached_members
from bot.core.services.seats import (
    activate,
    cohort_seats,
    enrolment_in,
    fill_seats,
    locked_seats,
    seat_state,
    tell,
    welcome,
    welcome_key,
)
from bot.core.wording import day


@dataclass(frozen=True)
class EnrolmentService:
    ctx: ServiceContext
    directory: Directory

    async def status(self, actor: Actor, _: ShowCohortStatus) -> Message:
        """Enrolled leaders and completion, overall and by organisation; where the bot
        cannot write first, who it cannot reach yet."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            cohort = coordinator.cohort
            assert cohort.id is not None
            leaders = await uow.enrolments.members(cohort.id, Role.LEADER)
            counts = await uow.completions.counts(cohort.id, self.ctx.curriculum.module_ids)
            seats = await cohort_seats(uow, cohort.id)
            not_reached = await unreached_members(self.ctx, uow, cohort)
        modules = len(self.ctx.curriculum.modules)
        figures = [
            OrganisationFigures(
                place, sum(counts.get(m.enrolment.id or 0, 0) for m in place.seated)
            )
            for place in seats.values()
        ]
        finished = sum(1 for m in leaders if counts.get(m.enrolment.id or 0, 0) >= modules)
        return status_message(
            cohort, self.ctx.curriculum, figures, finished, self._week(cohort), not_reached
        )

    async def enrol(self, actor: Actor, command: EnrolLeader, over_seats: bool = False) -> Message:
        """Enrol a leader, or update an enrolled leader's details. A leader who needs a
        seat in a full organisation is enrolled only `over_seats`, when the coordinator
        confirmed it; otherwise the answer says so and offers to."""
        user_id = command.who.handle
        profile = await self.directory.profile(actor.platform, user_id)
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            cohort = coordinator.cohort
            assert cohort.id is not None
            organisation = await uow.organisations.get(cohort.id, command.organisation_id)
            if organisation is None:
                known = await uow.organisations.list(cohort.id)
                return unknown_organisation_message(command.organisation_id, known)
            if profile is None:
                return not_found_message()
            person = await uow.people.find(actor.platform, user_id) or Person(
                actor.platform, user_id, profile.display_name
            )
            before = await _seated_in(uow, cohort, person)
            # A newcomer, someone waiting or withdrawn, or a move takes a seat.
            takes_seat = before != organisation.id
            place = await locked_seats(uow, cohort.id, organisation) if takes_seat else None
            went_over = place is not None and not place.free
            if place is not None and went_over and not over_seats:
                names = self.ctx.names_for(actor.platform)
                return no_free_seat_message(profile.display_name, place, command, names)
            person.display_name = profile.display_name
            person.time_zone = profile.time_zone
            person.organisation_id = organisation.id
            person.seniority = command.seniority
            stored = await save_person(uow, person)
            updated = await enrol_leader(self.ctx, uow, cohort, stored, command.pace)
            pace = command.pace or cohort.default_pace
            assert coordinator.person.id is not None
            if before is not None and before != organisation.id:
                # A move frees a seat in the old organisation for the first on its waitlist.
                left = await uow.organisations.get(cohort.id, before)
                if left is not None:
                    await fill_seats(self.ctx, uow, cohort, left, coordinator.person.id)
            details: dict[str, object] = {
                "person_id": stored.id,
                "organisation": organisation.id,
                "pace": pace,
            }
            if went_over:
                details["over_seats"] = True  # the coordinator confirmed it
            await uow.audit.add(
                AuditEntry(
                    coordinator.person.id,
                    "update-leader" if updated else "enrol-leader",
                    details,
                    cohort.id,
                ),
                self.ctx.clock.now(),
            )
            seats = await seat_state(uow, cohort.id, organisation) if takes_seat else None
            await uow.commit()
        self.ctx.wake_outbox()
        return enrolled_message(profile.display_name, organisation, pace, updated, seats)

    def _week(self, cohort: Cohort) -> str:
        week = week_of(cohort.start_date, self.ctx.today(cohort))
        if week == 0:
            return f"Starts {day(cohort.start_date)}"
        return f"Week {week} (default pace {cohort.default_pace} weeks)"


async def enrol_leader(
    ctx: ServiceContext, uow: UnitOfWork, cohort: Cohort, person: Person, pace: int | None
) -> bool:
    """Enrol as a leader and queue a welcome; True if they were enrolled already.

    A pace of None follows the cohort's default.
    """
    assert cohort.id is not None and person.id is not None
    existing = await enrolment_in(uow, cohort, person)
    if existing is not None:
        existing.pace = pace
        if existing.status is EnrolmentStatus.ACTIVE:
            await uow.enrolments.update(existing)
        else:
            # From the waitlist or after a withdrawal: a seat and a plan from today.
            await activate(ctx, uow, cohort, existing)
        return True
    enrolment = await activate(ctx, uow, cohort, Enrolment(cohort.id, person.id, Role.LEADER, pace))
    message = welcome(ctx, cohort, enrolment, person)
    await tell(ctx, uow, welcome_key(cohort, person), person, message)
    return False


async def _seated_in(uow: UnitOfWork, cohort: Cohort, person: Person) -> str | None:
    """The organisation whose seat the person holds in the cohort, if any."""
    if person.id is None:
        return None
    enrolment = await enrolment_in(uow, cohort, person)
    if enrolment is None or enrolment.status is not EnrolmentStatus.ACTIVE:
        return None
    return person.organisation_id


async def save_person(uow: UnitOfWork, person: Person) -> Person:
    if person.id is None:
        return await uow.people.add(person)
    await uow.people.update(person)
    return person
