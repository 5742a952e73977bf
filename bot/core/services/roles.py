"""Who may do what: coordinators and moderators, checked on the server.

Every /cohort command (but help), every coordinator's or moderator's button and every
coordinator's form passes through here before it reaches its service. Anyone else is
refused, and the refusal is kept in the audit log as "refused" with the command or
button it named, never the text they typed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.commands import (
    ChangeRole,
    Command,
    CommandError,
    ReassignQuestion,
    ShowCohortQuestions,
    ShowRecruitment,
    UnclaimQuestion,
)
from bot.core.help_texts import cohort_help_for_others, help_text
from bot.core.messages import Message, plain
from bot.core.model import (
    Actor,
    AuditEntry,
    Enrolment,
    EnrolmentStatus,
    Person,
    Role,
)
from bot.core.platforms import CommandName
from bot.core.poll_form import POLL_FORM
from bot.core.ports import Directory, RetryLater, UnitOfWork
from bot.core.replies.announcements import ANNOUNCE_FORM, DROP_ANNOUNCEMENT, SEND_ANNOUNCEMENT
from bot.core.replies.closing import CLOSE_COHORT, KEEP_OPEN
from bot.core.replies.cohort import coordinators_only_message
from bot.core.replies.outreach import REACH_OUT_FORM, WRITE_TO_BEHIND
from bot.core.replies.polls import CONFIRM_SESSIONS, PICK_POLL, USE_SLOT
from bot.core.replies.question_queue import TAKE_OVER, UNCLAIM
from bot.core.replies.questions import CLAIM, MARK_ANSWERED, PUBLISH
from bot.core.replies.recruitment import (
    ADD_OVER_SEATS,
    PLACE_OVER_SEATS,
    ROLE_NAMES,
    not_found_message,
    refused_message,
)
from bot.core.replies.sessions import CANCEL_SESSION, CHANGE_SESSION, SESSIONS_FORM
from bot.core.services.context import ServiceContext, coordinator_of, membership
from bot.core.services.question_threads import QuestionThreads, named
from bot.core.services.seats import enrolment_in
from bot.core.session_form import CANCEL_FORM, CHANGE_FORM

logger = logging.getLogger(__name__)

COORDINATOR_BUTTONS = (
    CONFIRM_SESSIONS,
    USE_SLOT,
    *PICK_POLL.values(),
    CHANGE_SESSION,
    CANCEL_SESSION,
    CLOSE_COHORT,
    KEEP_OPEN,
    SEND_ANNOUNCEMENT,
    DROP_ANNOUNCEMENT,
    WRITE_TO_BEHIND,
    ADD_OVER_SEATS,
    PLACE_OVER_SEATS,
)
MODERATOR_BUTTONS = (CLAIM, UNCLAIM, TAKE_OVER, MARK_ANSWERED, PUBLISH)
COORDINATOR_FORMS = (
    POLL_FORM,
    SESSIONS_FORM,
    CHANGE_FORM,
    CANCEL_FORM,
    ANNOUNCE_FORM,
    REACH_OUT_FORM,
)
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

        Coordinators may run every one; moderators those about questions; an
        organisation's champion only `recruitment`.
        """
        if isinstance(parsed, ShowCohortQuestions | UnclaimQuestion | ReassignQuestion):
            reference = None if isinstance(parsed, ShowCohortQuestions) else parsed.reference
            names = self.ctx.names_for(actor.platform)
            named_as = f"{names.cohort} {text.split()[0].lower()}"
            refusal = coordinators_only_message(names)  # as for every other command
            return await self._check_moderator(actor, named_as, reference, refusal)
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

    async def cohort_help(self, actor: Actor) -> Message:
        """The cohort command's help: every command for a coordinator; for anyone else,
        what they can use (a champion's recruitment, a moderator's buttons)."""
        names = self.ctx.names_for(actor.platform)
        async with self.ctx.uow() as uow:
            if await membership(uow, actor, Role.COORDINATOR) is not None:
                return plain(help_text(CommandName.COHORT, names))
            person = await uow.people.find(actor.platform, actor.user_id)
            champion = bool(
                person is not None
                and person.id is not None
                and await uow.champions.for_person(person.id)
            )
            moderator = await self._moderates_any(uow, actor)
        return plain(cohort_help_for_others(names, champion, moderator))

    async def _moderates_any(self, uow: UnitOfWork, actor: Actor) -> bool:
        """Whether the actor moderates a cohort; no when the platform cannot say now."""
        try:
            for cohort in await uow.cohorts.all():
                if await self.threads.is_moderator(uow, actor, cohort):
                    return True
        except RetryLater:
            return False
        return False

    async def check_button(self, actor: Actor, action: str, value: str) -> Message | None:
        """None if the actor may press this button; otherwise the refusal, logged."""
        if action in MODERATOR_BUTTONS:
            refusal = refused_message(Role.MODERATOR)
            return await self._check_moderator(actor, f"button {action}", value, refusal)
        if action not in COORDINATOR_BUTTONS:
            return None
        async with self.ctx.uow() as uow:
            if await membership(uow, actor, Role.COORDINATOR) is not None:
                return None
            person = await uow.people.find(actor.platform, actor.user_id)
            await self._refuse(uow, actor, person, f"button {action}")
            await uow.commit()
        return refused_message(Role.COORDINATOR)

    async def _check_moderator(
        self, actor: Actor, what: str, reference: str | None, refusal: Message
    ) -> Message | None:
        """None if the actor moderates the cohort of the question named (any cohort, when
        none is named); otherwise the refusal, logged."""
        async with self.ctx.uow() as uow:
            try:
                if await self._moderates(uow, actor, reference):
                    return None
            except RetryLater:
                return plain(CANNOT_CHECK)
            person = await uow.people.find(actor.platform, actor.user_id)
            await self._refuse(uow, actor, person, what)
            await uow.commit()
        return refusal

    async def _moderates(self, uow: UnitOfWork, actor: Actor, reference: str | None) -> bool:
        if reference is None:
            return await self.threads.moderated_cohort(uow, actor) is not None
        question = await named(uow, reference)
        cohort = await uow.cohorts.get(question.cohort_id) if question else None
        if cohort is None:  # gone: a moderator anywhere hears so from the service
            return await self.threads.moderated_cohort(uow, actor) is not None
        return await self.threads.is_moderator(uow, actor, cohort)

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
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
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
