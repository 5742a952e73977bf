"""What a closed cohort no longer does. Leaders keep what is theirs to see (progress, plan,
a copy of their data, forget-me, answers already shared); what would change the record or
start something new is refused in plain words. The registry names the role a request
would change the record in; the use case's own read of who is asking does the check."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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
from bot.core.services.context import CohortClosed, ServiceContext, refusing_in_closed_cohort

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

    def command_role(self, command: object) -> Role | None:
        """The role in which `command` may not touch a closed cohort, if any."""
        if isinstance(command, LEADER_COMMANDS):
            return Role.LEADER
        return Role.COORDINATOR if isinstance(command, COORDINATOR_COMMANDS) else None

    def button_role(self, action: str) -> Role | None:
        if action in LEADER_BUTTONS:
            return Role.LEADER
        return Role.COORDINATOR if action in COORDINATOR_BUTTONS else None

    def form_role(self, form: str) -> Role | None:
        if form in LEADER_FORMS:
            return Role.LEADER
        return Role.COORDINATOR if form in COORDINATOR_FORMS else None

    async def guard[T](
        self, actor: Actor, role: Role | None, use_case: Callable[[], Awaitable[T]]
    ) -> T | Message:
        """What the use case answers, or why not if it reads the actor's membership in
        `role` and finds that cohort closed. Every use case reads who is asking before it
        changes anything, so the refusal comes first and its transaction is rolled back."""
        with refusing_in_closed_cohort(role):
            try:
                return await use_case()
            except CohortClosed as closed:
                names = self.ctx.names_for(actor.platform)
                return closed_refusal(closed.member.cohort, names, role is Role.COORDINATOR)
