"""Coordinators placing leaders: a seat from the waitlist, an enrolment, a move between
organisations, and a withdrawal; every freed seat goes to the waitlist."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands import PlaceLeader, WithdrawLeader
from bot.core.messages import Message, plain
from bot.core.model import Actor, Enrolment, EnrolmentStatus, Person, Role
from bot.core.ports import Directory
from bot.core.replies.recruitment import (
    moved_note,
    no_free_seat_message,
    not_found_message,
    promoted_line,
    promoted_message,
    seats_line,
    withdrawn_note,
)
from bot.core.services.context import ServiceContext, coordinator_of
from bot.core.services.enrolment import save_person
from bot.core.services.recruitment import add_audit, coordinator_and_organisation
from bot.core.services.seats import (
    activate,
    enrolment_in,
    fill_seats,
    locked_seats,
    seat_state,
    tell,
    welcome,
    welcome_key,
)


@dataclass(frozen=True)
class PlacementService:
    ctx: ServiceContext
    directory: Directory

    async def place(self, actor: Actor, command: PlaceLeader, over_seats: bool = False) -> Message:
        """Give a leader a seat in an organisation: from the waitlist, after a withdrawal,
        or moving them from another organisation (whose waitlist then moves up). In a full
        organisation only `over_seats`, when the coordinator confirmed it; otherwise the
        answer says so and offers to."""
        user_id = command.who.handle
        profile = await self.directory.profile(actor.platform, user_id)
        async with self.ctx.uow() as uow:
            found = await coordinator_and_organisation(
                self.ctx, uow, actor, command.organisation_id
            )
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
            place = await locked_seats(uow, cohort.id, organisation)
            if not place.free and not over_seats:
                names = self.ctx.names_for(actor.platform)
                return no_free_seat_message(name, place, command, names)
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
                message = promoted_message(
                    organisation, welcome(self.ctx, cohort, enrolment, person), True
                )
                await tell(self.ctx, uow, welcome_key(cohort, person), person, message)
                action = "approve" if was is EnrolmentStatus.WAITLISTED else "enrol"
                said = (
                    f"Gave {name} a seat for {organisation.name}"
                    + (" from the waitlist" if was is EnrolmentStatus.WAITLISTED else "")
                    + ". I have sent them a welcome message."
                )
            await add_audit(
                self.ctx,
                uow,
                coordinator,
                cohort,
                action,
                person_id=person.id,
                organisation=organisation.id,
                **({"from": old} if old else {}),
                **({"over_seats": True} if not place.free else {}),
            )
            promoted: list[Person] = []
            left = await uow.organisations.get(cohort.id, old) if old else None
            if left is not None:
                promoted = await fill_seats(self.ctx, uow, cohort, left, coordinator.id)
            place = await seat_state(uow, cohort.id, organisation)
            await uow.commit()
        self.ctx.wake_outbox()
        freed = promoted_line([p.display_name for p in promoted], left) if left else ""
        return plain(f"{said} {seats_line(place)}{freed}")

    async def withdraw(self, actor: Actor, command: WithdrawLeader) -> Message:
        """Withdraw a leader (seated or waiting); a seat they free goes to the waitlist."""
        user_id = command.who.handle
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
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
            await add_audit(
                self.ctx,
                uow,
                coordinator.person,
                cohort,
                "withdraw",
                person_id=person.id,
                organisation=organisation.id if organisation else None,
                was=was.value,
            )
            text = f"Withdrew {person.display_name} from {cohort.name}."
            if organisation is not None and was is EnrolmentStatus.ACTIVE:
                promoted = await fill_seats(
                    self.ctx, uow, cohort, organisation, coordinator.person.id
                )
                place = await seat_state(uow, cohort.id, organisation)
                text += promoted_line([p.display_name for p in promoted], organisation) or (
                    f" {seats_line(place)}"
                    + (" Nobody is waiting for a seat." if place.free else "")
                )
            await uow.commit()
        self.ctx.wake_outbox()
        return plain(text)
