"""What a closed cohort no longer does. Leaders keep what is theirs to see (progress, plan,
a copy of their data, forget-me, answers already shared); what would change the record or
start something new is refused in plain words. Checked in the registry, before any use case,
as roles are."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import commands as c
from bot.core.messages import Message
from bot.core.model import Actor, Role
from bot.core.poll_form import POLL_FORM
from bot.core.replies.checkin_form import CHECKIN_FORM
from bot.core.replies.closing import closed_refusal
from bot.core.replies.nudges import SNOOZE
from bot.core.replies.outreach import REACH_OUT_FORM, WRITE_TO_BEHIND
from bot.core.replies.progress import MARK_DONE, UNDO_DONE
from bot.core.replies.questions import ASK, QUESTION_FORM, SEND_DRAFT, SEND_DRAFT_ANONYMOUSLY
from bot.core.services.context import ServiceContext, membership

# Leaders' requests that would record progress, change weekly messages or ask a question.
LEADER_COMMANDS: tuple[type[object], ...] = (
    c.CheckIn,
    c.UndoCheckIn,
    c.OpenCheckInForm,
    c.SetPace,
    c.Pause,
    c.Resume,
    c.SetNudgeTime,
    c.SetBehindReminders,
    c.AskQuestion,
    c.OpenQuestionForm,
)
LEADER_BUTTONS = (MARK_DONE, UNDO_DONE, SNOOZE, ASK, SEND_DRAFT, SEND_DRAFT_ANONYMOUSLY)
LEADER_FORMS = (CHECKIN_FORM, QUESTION_FORM)
# Coordinators' requests that would message leaders about progress or add to the cohort.
COORDINATOR_COMMANDS: tuple[type[object], ...] = (
    c.NudgeNow,
    c.EnrolLeader,
    c.PlaceLeader,
    c.PostSignUp,
    c.OpenPollForm,
)
COORDINATOR_BUTTONS = (WRITE_TO_BEHIND,)
COORDINATOR_FORMS = (POLL_FORM, REACH_OUT_FORM)


@dataclass(frozen=True)
class ClosedCohorts:
    ctx: ServiceContext

    async def check_command(self, actor: Actor, command: object) -> Message | None:
        """None if the command may run; why not, if the actor's cohort is closed."""
        if isinstance(command, LEADER_COMMANDS):
            return await self._refusal(actor, Role.LEADER)
        if isinstance(command, COORDINATOR_COMMANDS):
            return await self._refusal(actor, Role.COORDINATOR)
        return None

    async def check_button(self, actor: Actor, action: str) -> Message | None:
        if action in LEADER_BUTTONS:
            return await self._refusal(actor, Role.LEADER)
        if action in COORDINATOR_BUTTONS:
            return await self._refusal(actor, Role.COORDINATOR)
        return None

    async def check_form(self, actor: Actor, form: str) -> Message | None:
        if form in LEADER_FORMS:
            return await self._refusal(actor, Role.LEADER)
        if form in COORDINATOR_FORMS:
            return await self._refusal(actor, Role.COORDINATOR)
        return None

    async def _refusal(self, actor: Actor, role: Role) -> Message | None:
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, role)
        if member is None or member.cohort.closed_at is None:
            return None  # the use case says what it says to anyone not in an open cohort
        names = self.ctx.names_for(actor.platform)
        return closed_refusal(member.cohort, names, role is Role.COORDINATOR)
