"""Recruiting a cohort: the sign-up message and form, champions, approving, moving and
withdrawing leaders, and the funnel per organisation."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.commands import NameChampion, PlaceLeader, PostSignUp, WithdrawLeader
from bot.core.join_form import SENIORITY_LABELS, SeatsLeft, join_form, read_join
from bot.core.messages import Answers, Form, Message, plain
from bot.core.model import (
    Actor,
    AuditEntry,
    Champion,
    Cohort,
    Delivery,
    Enrolment,
    EnrolmentStatus,
    Member,
    Organisation,
    Person,
    Role,
)
from bot.core.ports import Directory, Profile, RetryLater, UnitOfWork
from bot.core.recruitment import by_organisation, free_seats, funnel, waitlist_order
from bot.core.replies.cohort import coordinators_only_message
from bot.core.replies.recruitment import (
    SignUp,
    already_enrolled_message,
    champion_note,
    moved_note,
    no_cohort_message,
    not_found_message,
    promoted_line,
    promoted_message,
    recruit_posted,
    recruitment_message,
    seats_line,
    signup_post,
    still_waiting_message,
    unknown_organisation_message,
    withdrawn_note,
)
from bot.core.services.context import ServiceContext, membership
from bot.core.services.enrolment import save_person
from bot.core.services.seats import (
    SignUpDetails,
    activate,
    enrolment_in,
    fill_seats,
    queue_place,
    seat_state,
    sign_up,
    tell,
    welcome,
    welcome_key,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecruitmentService:
    ctx: ServiceContext
    directory: Directory

    # Signing up: the Join button (or the platform's own way in) and the form it opens.

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
            leaders = await uow.enrolments.all_members(cohort.id, Role.LEADER)
        return join_form(
            cohort, self.ctx.curriculum, organisations, seats_left(organisations, leaders), person
        )

    async def join_shortcut(self, actor: Actor, request_id: str) -> Form | None:
        """The sign-up form, from the platform's own way in (a shortcut). It has no place
        to answer in, so why not (enrolled, waiting, no cohort) goes as a direct message."""
        reply = await self.join_form(actor, "")
        if isinstance(reply, Form):
            return reply
        async with self.ctx.uow() as uow:
            asker = Person(actor.platform, actor.user_id, "")
            await tell(self.ctx, uow, f"join-shortcut:{request_id}", asker, reply)
            await uow.commit()
        self.ctx.wake_outbox()
        return None

    def join_problems(self, answers: Answers) -> dict[str, str]:
        checked = read_join(answers)
        return checked if isinstance(checked, dict) else {}

    async def join(self, actor: Actor, state: str, answers: Answers, submission_id: str) -> None:
        """Seat the leader, or put them on their organisation's waitlist; answer by DM."""
        checked = read_join(answers)
        if isinstance(checked, dict):
            return
        profile = await self._profile(actor.user_id)
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
            return already_enrolled_message(cohort, self.ctx.names)
        if enrolment.status is EnrolmentStatus.WAITLISTED and cohort.id is not None:
            queued = await queue_place(uow, cohort.id, person, enrolment)
            if queued is not None:
                return still_waiting_message(*queued)
        return None

    # Coordinators.

    async def post_signup(self, actor: Actor, command: PostSignUp) -> Message:
        """Post the sign-up message, with its Join button, in the channel named."""
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
            if coordinator is None:
                return coordinators_only_message(self.ctx.names)
            cohort = coordinator.cohort
            assert cohort.id is not None
            organisations = await uow.organisations.list(cohort.id)
            left = seats_left(
                organisations, await uow.enrolments.all_members(cohort.id, Role.LEADER)
            )
            total = sum(o.seats for o in organisations)
            free = sum(s.free for s in left.values() if not s.waiting)
            now = self.ctx.clock.now()
            message = signup_post(cohort, self.ctx.curriculum, total, free)
            await uow.deliveries.enqueue(
                Delivery(
                    f"recruit:{cohort.id}:{command.channel}:{now.isoformat()}",
                    actor.platform,
                    command.channel,
                    message.to_dict(),
                    not_before=now,
                )
            )
            await self._audit(
                uow, coordinator.person, cohort, "post-sign-up", channel=command.channel
            )
            await uow.commit()
        self.ctx.wake_outbox()
        return recruit_posted("the channel")

    async def name_champion(self, actor: Actor, command: NameChampion) -> Message:
        """Make someone an organisation's champion, who may then see its sign-ups."""
        user_id = command.who.handle
        profile = await self.directory.profile(user_id)
        async with self.ctx.uow() as uow:
            found = await self._coordinator_and_org(uow, actor, command.organisation_id)
            if isinstance(found, Message):
                return found
            coordinator, cohort, organisation = found
            if profile is None:
                return not_found_message()
            person = await uow.people.find_or_add(
                Person(actor.platform, user_id, profile.display_name, time_zone=profile.time_zone)
            )
            assert cohort.id is not None and person.id is not None
            await uow.champions.name(Champion(cohort.id, organisation.id, person.id))
            await tell(
                self.ctx,
                uow,
                f"champion:{cohort.id}:{organisation.id}:{person.id}",
                person,
                champion_note(cohort, organisation, self.ctx.names),
            )
            await self._audit(
                uow,
                coordinator,
                cohort,
                "name-champion",
                person_id=person.id,
                organisation=organisation.id,
            )
            await uow.commit()
        self.ctx.wake_outbox()
        return plain(
            f"{profile.display_name} is now {organisation.name}'s champion: they can see its "
            f"sign-ups with {self.ctx.names.cohort} recruitment. I have told them."
        )

    async def place(self, actor: Actor, command: PlaceLeader) -> Message:
        """Give a leader a seat in an organisation: from the waitlist, after a withdrawal,
        or moving them from another organisation (whose waitlist then moves up)."""
        user_id = command.who.handle
        profile = await self.directory.profile(user_id)
        async with self.ctx.uow() as uow:
            found = await self._coordinator_and_org(uow, actor, command.organisation_id)
            if isinstance(found, Message):
                return found
            coordinator, cohort, organisation = found
            assert cohort.id is not None
            if profile is None:
                return not_found_message()
            name = profile.display_name
            person = await uow.people.find(actor.platform, user_id) or Person(
                actor.platform, user_id, name
            )
            enrolment = await enrolment_in(uow, cohort, person) if person.id else None
            was = enrolment.status if enrolment else None
            old = person.organisation_id if was is EnrolmentStatus.ACTIVE else None
            if was is EnrolmentStatus.ACTIVE and old == organisation.id:
                return plain(f"{name} already has a seat for {organisation.name}.")
            await uow.organisations.lock_seats(cohort.id, organisation.id)
            person.display_name, person.time_zone = name, profile.time_zone
            person.organisation_id = organisation.id
            person = await save_person(uow, person)
            enrolment = enrolment or Enrolment(cohort.id, person.id or 0, Role.LEADER)
            if was is EnrolmentStatus.ACTIVE:
                action, said = "move", f"Moved {name} to {organisation.name}."
                await tell(
                    self.ctx,
                    uow,
                    f"moved:{cohort.id}:{person.id}:{self.ctx.clock.now().isoformat()}",
                    person,
                    moved_note(organisation),
                )
            else:
                enrolment = await activate(self.ctx, uow, cohort, enrolment)
                message = promoted_message(organisation, welcome(self.ctx, cohort, enrolment), True)
                await tell(self.ctx, uow, welcome_key(cohort, person), person, message)
                action = "approve" if was is EnrolmentStatus.WAITLISTED else "enrol"
                said = (
                    f"Gave {name} a seat for {organisation.name}"
                    + (" from the waitlist" if was is EnrolmentStatus.WAITLISTED else "")
                    + ". I have sent them a welcome message."
                )
            await self._audit(
                uow,
                coordinator,
                cohort,
                action,
                person_id=person.id,
                organisation=organisation.id,
                **({"from": old} if old else {}),
            )
            promoted: list[Person] = []
            left = await uow.organisations.get(cohort.id, old) if old else None
            if left is not None:
                promoted = await fill_seats(self.ctx, uow, cohort, left, coordinator.id)
            taken = len((await seat_state(uow, cohort.id, organisation.id)).seated)
            await uow.commit()
        self.ctx.wake_outbox()
        freed = promoted_line([p.display_name for p in promoted], left) if left else ""
        return plain(f"{said} {seats_line(organisation, taken)}{freed}")

    async def withdraw(self, actor: Actor, command: WithdrawLeader) -> Message:
        """Withdraw a leader (seated or waiting); a seat they free goes to the waitlist."""
        user_id = command.who.handle
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
            if coordinator is None:
                return coordinators_only_message(self.ctx.names)
            cohort = coordinator.cohort
            assert cohort.id is not None
            person = await uow.people.find(actor.platform, user_id)
            enrolment = await enrolment_in(uow, cohort, person) if person else None
            if person is None or enrolment is None or enrolment.status is EnrolmentStatus.WITHDRAWN:
                who = person.display_name if person else "That person"
                return plain(f"{who} is not enrolled or waiting in {cohort.name}.")
            was = enrolment.status
            enrolment.status = EnrolmentStatus.WITHDRAWN
            enrolment.waitlisted_at = None
            await uow.enrolments.update(enrolment)
            stamp = self.ctx.clock.now().isoformat()
            await tell(
                self.ctx,
                uow,
                f"withdrawn:{cohort.id}:{person.id}:{stamp}",
                person,
                withdrawn_note(cohort),
            )
            organisation = await uow.organisations.get(cohort.id, person.organisation_id or "")
            await self._audit(
                uow,
                coordinator.person,
                cohort,
                "withdraw",
                person_id=person.id,
                organisation=organisation.id if organisation else None,
                was=was.value,
            )
            promoted: list[Person] = []
            if organisation is not None and was is EnrolmentStatus.ACTIVE:
                promoted = await fill_seats(
                    self.ctx, uow, cohort, organisation, coordinator.person.id
                )
            await uow.commit()
        self.ctx.wake_outbox()
        text = f"Withdrew {person.display_name} from {cohort.name}."
        if organisation is not None and was is EnrolmentStatus.ACTIVE:
            text += promoted_line([p.display_name for p in promoted], organisation) or (
                f" {organisation.name} has a free seat and nobody waiting for it."
            )
        return plain(text)

    async def report(self, actor: Actor) -> Message:
        """The funnel per organisation; a champion sees only their organisations."""
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
            person = await uow.people.find(actor.platform, actor.user_id)
            champions = (
                await uow.champions.for_person(person.id)
                if person is not None and person.id is not None
                else []
            )
            if coordinator is not None:
                cohort: Cohort | None = coordinator.cohort
            elif champions:
                cohort = await uow.cohorts.get(champions[0].cohort_id)
            else:
                cohort = None
            if cohort is None or cohort.id is None:
                return coordinators_only_message(self.ctx.names)
            organisations: Sequence[Organisation] = await uow.organisations.list(cohort.id)
            scope: list[Organisation] = []
            if coordinator is None:
                mine = {c.organisation_id for c in champions if c.cohort_id == cohort.id}
                scope = [o for o in organisations if o.id in mine]
                organisations = scope
            leaders = await uow.enrolments.all_members(cohort.id, Role.LEADER)
            invitations = await uow.invitations.for_cohort(cohort.id)
            done = await uow.completions.counts(cohort.id)
        modules = len(self.ctx.curriculum.modules)
        rows = funnel(organisations, leaders, invitations, done, modules)
        shown = {o.id for o in organisations}
        people = sign_ups(
            [m for m in leaders if m.person.organisation_id in shown], organisations, done
        )
        return recruitment_message(cohort, rows, people, modules, scope)

    async def _coordinator_and_org(
        self, uow: UnitOfWork, actor: Actor, organisation_id: str
    ) -> tuple[Person, Cohort, Organisation] | Message:
        coordinator = await membership(uow, actor, Role.COORDINATOR)
        if coordinator is None:
            return coordinators_only_message(self.ctx.names)
        cohort = coordinator.cohort
        assert cohort.id is not None
        organisation = await uow.organisations.get(cohort.id, organisation_id)
        if organisation is None:
            known = await uow.organisations.list(cohort.id)
            return unknown_organisation_message(organisation_id, known)
        return coordinator.person, cohort, organisation

    async def _audit(
        self, uow: UnitOfWork, actor: Person, cohort: Cohort, action: str, **details: object
    ) -> None:
        await uow.audit.add(AuditEntry(actor.id, action, details, cohort.id), self.ctx.clock.now())

    async def _profile(self, user_id: str) -> Profile | None:
        try:
            return await self.directory.profile(user_id)
        except RetryLater as problem:
            logger.warning("could not look a new leader up: %s", problem.reason)
            return None


async def recruiting_cohort(uow: UnitOfWork, value: str) -> Cohort | None:
    """The cohort a button or form names by id; else the one starting latest."""
    if value.isdigit():
        return await uow.cohorts.get(int(value))
    cohorts = await uow.cohorts.all()
    return max(cohorts, key=lambda c: (c.start_date, c.id or 0), default=None)


def seats_left(
    organisations: Sequence[Organisation], leaders: Sequence[Member]
) -> dict[str, SeatsLeft]:
    """Free seats and people waiting, per organisation."""
    left = {}
    grouped = by_organisation(leaders)
    for org in organisations:
        mine = grouped.get(org.id, [])
        seated = sum(1 for m in mine if m.enrolment.status is EnrolmentStatus.ACTIVE)
        waiting = sum(1 for m in mine if m.enrolment.status is EnrolmentStatus.WAITLISTED)
        left[org.id] = SeatsLeft(free_seats(org.seats, seated), waiting)
    return left


def sign_ups(
    leaders: Sequence[Member], organisations: Sequence[Organisation], done: dict[int, int]
) -> list[SignUp]:
    """Each leader with their status, by organisation: seated, then waiting in order, then
    withdrawn."""
    rows = []
    grouped = by_organisation(leaders)
    for org in organisations:
        mine = grouped.get(org.id, [])
        queue = {e.id: n for n, e in enumerate(waitlist_order(m.enrolment for m in mine), 1)}
        ranked = sorted(
            mine,
            key=lambda m: (
                _STATUS_ORDER[m.enrolment.status],
                queue.get(m.enrolment.id, 0),
                m.person.display_name.lower(),
            ),
        )
        for m in ranked:
            status = {
                EnrolmentStatus.ACTIVE: "enrolled",
                EnrolmentStatus.WAITLISTED: f"waitlist {queue.get(m.enrolment.id)} for {org.name}",
                EnrolmentStatus.WITHDRAWN: "withdrawn",
            }[m.enrolment.status]
            seniority = SENIORITY_LABELS[m.person.seniority] if m.person.seniority else None
            rows.append(
                SignUp(
                    m.person.display_name,
                    m.enrolment.job_title,
                    seniority,
                    status,
                    done.get(m.enrolment.id or 0, 0),
                )
            )
    return rows


_STATUS_ORDER = {
    EnrolmentStatus.ACTIVE: 0,
    EnrolmentStatus.WAITLISTED: 1,
    EnrolmentStatus.WITHDRAWN: 2,
}
