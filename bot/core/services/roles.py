"""Who may do what: coordinators and moderators, checked on the server.

Every /cohort command (but help), every coordinator's or moderator's button and every
coordinator's form passes through here before it reaches its service. Anyone else is
refused, and the refusal is kept in the audit log as "refused" with the command or
button it named, never the text they typed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.commands import ChangeRole, Command, CommandError, ShowRecruitment
from bot.core.messages import Message, plain
from bot.core.model import (
    Actor,
    AuditEntry,
    Enrolment,
    EnrolmentStatus,
    Person,
    Role,
)
from bot.core.poll_form import POLL_FORM
from bot.core.ports import Directory, RetryLater, UnitOfWork
from bot.core.replies.cohort import coordinators_only_message
from bot.core.replies.polls import CONFIRM_SESSIONS, USE_SLOT
from bot.core.replies.questions import CLAIM, MARK_ANSWERED, PUBLISH
from bot.core.replies.recruitment import (
    ADD_OVER_SEATS,
    PLACE_OVER_SEATS,
    ROLE_NAMES,
    not_found_message,
    refused_message,
)
from bot.core.replies.sessions import SESSIONS_FORM
from bot.core.services.context import ServiceContext, membership
from bot.core.services.question_threads import QuestionThreads, named
from bot.core.services.seats import enrolment_in

logger = logging.getLogger(__name__)

COORDINATOR_BUTTONS = (CONFIRM_SESSIONS, USE_SLOT, ADD_OVER_SEATS, PLACE_OVER_SEATS)
MODERATOR_BUTTONS = (CLAIM, MARK_ANSWERED, PUBLISH)
COORDINATOR_FORMS = (POLL_FORM, SESSIONS_FORM)
REFUSED = "refused"


CANNOT_CHECK = "I could not check who moderates this cohort. Please try again in a minute."


@dataclass(frozen=True)
class RoleService:
    ctx: ServiceContext
    directory: Directory
    threads: QuestionThreads

    async def check_command(
        self, actor: Actor, parsed: Command | CommandError, text: str
    ) -> Message | None:
        """None if the actor may run this /cohort command; otherwise the refusal, logged.

        Coordinators may run every one; an organisation's champion only `recruitment`.
        """
        async with self.ctx.uow() as uow:
            if await membership(uow, actor, Role.COORDINATOR) is not None:
                return None
            person = await uow.people.find(actor.platform, actor.user_id)
            if (
                isinstance(parsed, ShowRecruitment)
                and person is not None
                and person.id is not None
                and await uow.champions.for_person(person.id)
            ):
                return None
            word = text.split()[0].lower() if text.split() else ""
            named_as = "(not understood)" if isinstance(parsed, CommandError) else word
            await self._refuse(
                uow, actor, person, f"{self.ctx.names_for(actor.platform).cohort} {named_as}"
            )
            await uow.commit()
        return coordinators_only_message(self.ctx.names_for(actor.platform))

    async def check_button(self, actor: Actor, action: str, value: str) -> Message | None:
        """None if the actor may press this button; otherwise the refusal, logged."""
        if action not in (*COORDINATOR_BUTTONS, *MODERATOR_BUTTONS):
            return None
        async with self.ctx.uow() as uow:
            if action in COORDINATOR_BUTTONS:
                if await membership(uow, actor, Role.COORDINATOR) is not None:
                    return None
                role = Role.COORDINATOR
            else:
                question = await named(uow, value)
                cohort = await uow.cohorts.get(question.cohort_id) if question else None
                if cohort is None:
                    return None  # the moderation service says the question is gone
                try:
                    if await self.threads.is_moderator(uow, actor, cohort):
                        return None
                except RetryLater:
                    return plain(CANNOT_CHECK)
                role = Role.MODERATOR
            person = await uow.people.find(actor.platform, actor.user_id)
            await self._refuse(uow, actor, person, f"button {action}")
            await uow.commit()
        return refused_message(role)

    async def may_submit(self, actor: Actor, form: str) -> bool:
        """Whether the actor may send this form; a coordinator's form from anyone else is
        refused and logged."""
        if form not in COORDINATOR_FORMS:
            return True
        async with self.ctx.uow() as uow:
            if await membership(uow, actor, Role.COORDINATOR) is not None:
                return True
            person = await uow.people.find(actor.platform, actor.user_id)
            await self._refuse(uow, actor, person, f"form {form}")
            await uow.commit()
        return False

    async def change(self, actor: Actor, command: ChangeRole) -> Message:
        """Give someone the coordinator or moderator role in the cohort, or take it away."""
        user_id = command.who.handle
        profile = await self.directory.profile(actor.platform, user_id)
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
            if coordinator is None:
                return coordinators_only_message(self.ctx.names_for(actor.platform))
            if profile is None:
                return not_found_message()
            cohort = coordinator.cohort
            assert cohort.id is not None and coordinator.person.id is not None
            person = await uow.people.find_or_add(
                Person(actor.platform, user_id, profile.display_name, time_zone=profile.time_zone)
            )
            assert person.id is not None
            existing = await enrolment_in(uow, cohort, person, command.role)
            role = ROLE_NAMES[command.role]
            has_it = existing is not None and existing.status is EnrolmentStatus.ACTIVE
            if command.add and has_it:
                return plain(f"{profile.display_name} is already a {role} of {cohort.name}.")
            if not command.add and not has_it:
                return plain(f"{profile.display_name} is not a {role} of {cohort.name}.")
            if not command.add and command.role is Role.COORDINATOR:
                coordinators = await uow.enrolments.members(cohort.id, Role.COORDINATOR)
                if len(coordinators) <= 1:
                    return plain(
                        f"{profile.display_name} is the cohort's only coordinator. "
                        "Add another before removing them."
                    )
            status = EnrolmentStatus.ACTIVE if command.add else EnrolmentStatus.WITHDRAWN
            if existing is None:
                await uow.enrolments.add(
                    Enrolment(
                        cohort.id,
                        person.id,
                        command.role,
                        status=status,
                        joined_at=self.ctx.clock.now(),
                    )
                )
            else:
                existing.status = status
                await uow.enrolments.update(existing)
            await uow.audit.add(
                AuditEntry(
                    coordinator.person.id,
                    "role-add" if command.add else "role-remove",
                    {"person_id": person.id, "role": command.role.value},
                    cohort.id,
                ),
                self.ctx.clock.now(),
            )
            await uow.commit()
        if command.add:
            return plain(f"{profile.display_name} is now a {role} of {cohort.name}.")
        text = f"{profile.display_name} is no longer a {role} of {cohort.name}."
        if command.role is Role.MODERATOR and cohort.moderators_channel:
            text += (
                " Members of the moderators' channel moderate too: take them out of it "
                "if they should stop."
            )
        return plain(text)

    async def _refuse(
        self, uow: UnitOfWork, actor: Actor, person: Person | None, what: str
    ) -> None:
        """Keep the refusal: who (by person id, when known) and what they tried."""
        cohort_id = None
        if person is not None and person.id is not None:
            enrolments = await uow.enrolments.for_person(person.id)
            cohort_id = enrolments[0].cohort_id if enrolments else None
        logger.warning("refused %s from %s", what, "a known person" if person else "a stranger")
        await uow.audit.add(
            AuditEntry(person.id if person else None, REFUSED, {"command": what}, cohort_id),
            self.ctx.clock.now(),
        )
