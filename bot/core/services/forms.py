"""Filled-in forms, whatever the platform: check them, then act on them.

Checking comes first and alone, so a platform that must answer within a few seconds
(Slack's modals) can show the problems at once and act after it has answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.join_form import JOIN_FORM
from bot.core.messages import Answers
from bot.core.model import Actor
from bot.core.poll_form import POLL_FORM
from bot.core.replies.checkin_form import CHECKIN_FORM
from bot.core.replies.questions import QUESTION_FORM
from bot.core.replies.reflection import REFLECTION_FORM
from bot.core.replies.sessions import FEEDBACK_FORM, SESSIONS_FORM
from bot.core.services.poll_closing import PollClosing
from bot.core.services.polls import PollService
from bot.core.services.progress import ProgressService
from bot.core.services.questions import QuestionService
from bot.core.services.recruitment import RecruitmentService
from bot.core.services.roles import RoleService
from bot.core.services.sessions import SessionService

FORMS = (
    CHECKIN_FORM,
    REFLECTION_FORM,
    QUESTION_FORM,
    POLL_FORM,
    SESSIONS_FORM,
    FEEDBACK_FORM,
    JOIN_FORM,
)


@dataclass(frozen=True)
class FormService:
    progress: ProgressService
    questions: QuestionService
    polls: PollService
    closing: PollClosing
    sessions: SessionService
    recruitment: RecruitmentService
    roles: RoleService

    async def problems(self, actor: Actor, form: str, answers: Answers) -> dict[str, str]:
        """What is wrong with the answers, by input id; empty when the form can be sent."""
        if form == QUESTION_FORM:
            return self.questions.form_problems(answers)
        if form == POLL_FORM:
            return await self.polls.problems(actor, answers)
        if form == JOIN_FORM:
            return self.recruitment.join_problems(answers)
        return {}

    async def submit(
        self, actor: Actor, form: str, state: str, answers: Answers, submission_id: str
    ) -> None:
        """Act on a form that passed its checks; `state` is what the form carried along."""
        if not await self.roles.may_submit(actor, form):
            return  # a coordinator's form from someone else: refused and logged
        if form == CHECKIN_FORM:
            await self.progress.save_checkin_form(actor, answers, submission_id)
        elif form == REFLECTION_FORM:
            await self.progress.save_reflection(actor, state, answers, submission_id)
        elif form == QUESTION_FORM:
            await self.questions.save_form(actor, answers)
        elif form == POLL_FORM:
            await self.polls.start(actor, answers)
        elif form == SESSIONS_FORM:
            await self.closing.confirm(actor, state, answers)
        elif form == FEEDBACK_FORM:
            await self.sessions.comment(actor, state, answers)
        elif form == JOIN_FORM:
            await self.recruitment.join(actor, state, answers, submission_id)
