"""Leaders joining a cohort: the sign-up form (from the Join button or the platform's own
way in), its checks, and a seat or a place on the organisation's waitlist."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.join_form import join_form, read_join
from bot.core.messages import Answers, Form, Message
from bot.core.model import Actor, AuditEntry, Cohort, EnrolmentStatus, Organisation, Person
from bot.core.ports import Directory, Profile, RetryLater, UnitOfWork
from bot.core.replies.recruitment import (
    already_enrolled_message,
    no_cohort_message,
    still_waiting_message,
    unknown_organisation_message,
)
from bot.core.services.context import ServiceContext
from bot.core.services.enrolment import save_person
from bot.core.services.recruitment import seats_left
from bot.core.services.seats import (
    SignUpDetails,
    cohort_seats,
    enrolment_in,
    queue_place,
    sign_up,
    tell,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JoiningService:
    ctx: ServiceContext
    directory: Directory

    async def join_form(self, actor: Actor, value: str) -> Form | Message:
        """The sign-up form for the cohort a button names (or the newest), or why not."""
        async with self.ctx.uow() as uow:
            cohort = await recruiting_cohort(uow, value)
            if cohort is None or cohort.id is None:
                return no_cohort_message()
            person = await uow.people.find(actor.platform, actor.user_id)
            answer = await self._already(uow, cohort, person)
            if answer is not None:
                return answer
            organisations = await uow.organisations.list(cohort.id)
            seats = await cohort_seats(uow, cohort.id)
        return join_form(cohort, self.ctx.curriculum, organisations, seats_left(seats), person)

    def join_problems(self, answers: Answers) -> dict[str, str]:
        """What is wrong with a filled-in sign-up form, by input id; empty if it is fine."""
        checked = read_join(answers)
        return checked if isinstance(checked, dict) else {}

    async def join(self, actor: Actor, state: str, answers: Answers, submission_id: str) -> None:
        """Seat the leader, or put them on their organisation's waitlist; answer by DM."""
        checked = read_join(answers)
        if isinstance(checked, dict):
            return
        profile = await self._profile(actor)
        now = self.ctx.clock.now()
        key = f"join-form:{submission_id}"
        async with self.ctx.uow() as uow:
            if not await uow.processed_events.record(key, now):
                return  # the same submission again
            person = await uow.people.find(actor.platform, actor.user_id)
            cohort = await recruiting_cohort(uow, state)
            found = await self._where_to_join(uow, cohort, person, checked.organisation_id)
            if isinstance(found, Message):
                asker = Person(actor.platform, actor.user_id, "")
                await tell(self.ctx, uow, key, person or asker, found)
                await uow.commit()
                self.ctx.wake_outbox()
                return
            cohort, organisation = found
            person = person or Person(actor.platform, actor.user_id, actor.user_id)
            if profile is not None:
                person.display_name, person.time_zone = profile.display_name, profile.time_zone
            person.organisation_id = organisation.id
            person.seniority = checked.seniority
            person = await save_person(uow, person)
            details = SignUpDetails(checked.pace, checked.job_title, consented=True)
            placement = await sign_up(self.ctx, uow, cohort, person, organisation, details)
            await uow.audit.add(
                AuditEntry(
                    person.id,
                    "sign-up" if placement.seated else "sign-up-waitlisted",
                    {
                        "person_id": person.id,
                        "organisation": organisation.id,
                        "position": placement.position,
                    },
                    cohort.id,
                ),
                now,
            )
            await uow.commit()
        self.ctx.wake_outbox()

    async def _where_to_join(
        self, uow: UnitOfWork, cohort: Cohort | None, person: Person | None, organisation_id: str
    ) -> tuple[Cohort, Organisation] | Message:
        """The cohort and organisation to join, or why the person cannot join them."""
        if cohort is None or cohort.id is None:
            return no_cohort_message()
        organisation = await uow.organisations.get(cohort.id, organisation_id)
        if organisation is None:
            known = await uow.organisations.list(cohort.id)
            return unknown_organisation_message(organisation_id, known)
        answer = await self._already(uow, cohort, person)
        return answer if answer is not None else (cohort, organisation)

    async def _already(
        self, uow: UnitOfWork, cohort: Cohort, person: Person | None
    ) -> Message | None:
        """What to tell someone who has a seat or is waiting for one; None otherwise."""
        enrolment = await enrolment_in(uow, cohort, person) if person else None
        if person is None or enrolment is None:
            return None
        if enrolment.status is EnrolmentStatus.ACTIVE:
            return already_enrolled_message(cohort, self.ctx.names_for(person.platform))
        if enrolment.status is EnrolmentStatus.WAITLISTED and cohort.id is not None:
            queued = await queue_place(uow, cohort.id, person, enrolment)
            if queued is not None:
                return still_waiting_message(*queued)
        return None

    async def _profile(self, actor: Actor) -> Profile | None:
        """The new leader's name and time zone, if the directory can say now."""
        try:
            return await self.directory.profile(actor.platform, actor.user_id)
        except RetryLater as problem:
            logger.warning("could not look a new leader up: %s", problem.reason)
            return None


async def recruiting_cohort(uow: UnitOfWork, value: str) -> Cohort | None:
    """The cohort a button or form names by id; else the one starting latest. A closed
    cohort takes nobody new."""
    if value.isdigit():
        named = await uow.cohorts.get(int(value))
        return named if named is not None and named.closed_at is None else None
    cohorts = [c for c in await uow.cohorts.all() if c.closed_at is None]
    return max(cohorts, key=lambda c: (c.start_date, c.id or 0), default=None)
