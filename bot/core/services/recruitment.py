"""Recruiting a cohort: the sign-up message and champions, and the helpers that joining,
placing leaders and the funnel share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.commands import NameChampion, PostSignUp
from bot.core.join_form import SeatsLeft
from bot.core.messages import Message, plain
from bot.core.model import (
    Actor,
    AuditEntry,
    Champion,
    Cohort,
    Delivery,
    Organisation,
    Person,
)
from bot.core.outgoing import Address, Outgoing
from bot.core.ports import Directory, UnitOfWork
from bot.core.recruitment import Seats, seat_totals
from bot.core.replies.recruitment import (
    champion_note,
    not_found_message,
    recruit_posted,
    signup_post,
    unknown_organisation_message,
)
from bot.core.services.context import ServiceContext, coordinator_of
from bot.core.services.seats import cohort_seats, tell


@dataclass(frozen=True)
class RecruitmentService:
    ctx: ServiceContext
    directory: Directory

    async def post_signup(self, actor: Actor, command: PostSignUp) -> Message:
        """Post the sign-up message, with its Join button, in the channel named."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            cohort = coordinator.cohort
            assert cohort.id is not None
            totals = seat_totals((await cohort_seats(uow, cohort.id)).values())
            now = self.ctx.clock.now()
            message = signup_post(cohort, self.ctx.curriculum, totals)
            await uow.deliveries.enqueue(
                Delivery(
                    f"recruit:{cohort.id}:{command.channel}:{now.isoformat()}",
                    Outgoing(message, Address.channel(cohort.platform, command.channel)),
                    not_before=now,
                )
            )
            await add_audit(
                self.ctx, uow, coordinator.person, cohort, "post-sign-up", channel=command.channel
            )
            await uow.commit()
        self.ctx.wake_outbox()
        return recruit_posted("the channel")

    async def name_champion(self, actor: Actor, command: NameChampion) -> Message:
        """Make someone an organisation's champion, who may then see its sign-ups."""
        user_id = command.who.handle
        profile = await self.directory.profile(actor.platform, user_id)
        async with self.ctx.uow() as uow:
            found = await coordinator_and_organisation(
                self.ctx, uow, actor, command.organisation_id
            )
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
                champion_note(cohort, organisation, self.ctx.names_for(actor.platform)),
            )
            await add_audit(
                self.ctx,
                uow,
                coordinator,
                cohort,
                "name-champion",
                person_id=person.id,
                organisation=organisation.id,
            )
            await uow.commit()
        self.ctx.wake_outbox()
        cohort_command = self.ctx.names_for(actor.platform).cohort
        return plain(
            f"{profile.display_name} is now {organisation.name}'s champion: they can see its "
            f"sign-ups with {cohort_command} recruitment. I have told them."
        )


async def coordinator_and_organisation(
    ctx: ServiceContext, uow: UnitOfWork, actor: Actor, organisation_id: str
) -> tuple[Person, Cohort, Organisation] | Message:
    """The coordinator, their cohort and the organisation named, or why not."""
    coordinator = await coordinator_of(ctx, uow, actor)
    if isinstance(coordinator, Message):
        return coordinator
    cohort = coordinator.cohort
    assert cohort.id is not None
    organisation = await uow.organisations.get(cohort.id, organisation_id)
    if organisation is None:
        known = await uow.organisations.list(cohort.id)
        return unknown_organisation_message(organisation_id, known)
    return coordinator.person, cohort, organisation


async def add_audit(
    ctx: ServiceContext,
    uow: UnitOfWork,
    actor: Person,
    cohort: Cohort,
    action: str,
    **details: object,
) -> None:
    """Record in the audit log what a coordinator did in the cohort."""
    await uow.audit.add(AuditEntry(actor.id, action, details, cohort.id), ctx.clock.now())


def seats_left(seats: Mapping[str, Seats]) -> dict[str, SeatsLeft]:
    """Free seats and people waiting, per organisation, as the join form shows them."""
    return {org: SeatsLeft(s.free, len(s.waiting)) for org, s in seats.items()}
