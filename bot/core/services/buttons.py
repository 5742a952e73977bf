"""What each neutral button does, so every platform presses them the same way."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.join_form import JOIN
from bot.core.messages import Form, Message, plain
from bot.core.model import Actor
from bot.core.replies.data_rights import FORGET_ME, KEEP_MY_DATA
from bot.core.replies.nudges import CATCH_UP, SNOOZE
from bot.core.replies.polls import CONFIRM_SESSIONS, USE_SLOT, VOTE_ACTIONS, VOTE_FORMAT
from bot.core.replies.progress import MARK_DONE, UNDO_DONE
from bot.core.replies.questions import (
    ALLOW_SHARING,
    ASK,
    CLAIM,
    DROP_DRAFT,
    MARK_ANSWERED,
    PUBLISH,
    RESOLVE,
    SEND_DRAFT,
    SEND_DRAFT_ANONYMOUSLY,
)
from bot.core.replies.reflection import REFLECT
from bot.core.replies.sessions import ATTENDED, COMMENT, MISSED, RATINGS
from bot.core.services.choices import ChoicesService
from bot.core.services.data_rights import DataRightsService
from bot.core.services.moderation import ModerationService
from bot.core.services.poll_closing import PollClosing
from bot.core.services.polls import PollService
from bot.core.services.progress import ProgressService
from bot.core.services.questions import QuestionService
from bot.core.services.recruitment import RecruitmentService
from bot.core.services.roles import RoleService
from bot.core.services.sessions import SessionService

MODERATOR_BUTTONS = (CLAIM, MARK_ANSWERED, PUBLISH)
VOTES = {action: answer for answer, action in VOTE_ACTIONS.items()}
SESSION_ANSWERS = (ATTENDED, MISSED, *RATINGS)
DRAFT_BUTTONS = (SEND_DRAFT, SEND_DRAFT_ANONYMOUSLY, DROP_DRAFT)
# The buttons that answer with a message, and those that open a form.
PLAIN_BUTTONS = (
    MARK_DONE,
    UNDO_DONE,
    SNOOZE,
    CATCH_UP,
    RESOLVE,
    ALLOW_SHARING,
    *MODERATOR_BUTTONS,
    *DRAFT_BUTTONS,
    *VOTES,
    VOTE_FORMAT,
    USE_SLOT,
    *SESSION_ANSWERS,
    FORGET_ME,
    KEEP_MY_DATA,
)
FORM_BUTTONS = (ASK, REFLECT, CONFIRM_SESSIONS, COMMENT, JOIN)


@dataclass(frozen=True)
class ButtonService:
    progress: ProgressService
    choices: ChoicesService
    questions: QuestionService
    moderation: ModerationService
    polls: PollService
    closing: PollClosing
    sessions: SessionService
    data_rights: DataRightsService
    recruitment: RecruitmentService
    roles: RoleService

    async def press(self, actor: Actor, action: str, value: str) -> Message | Form:
        """Do what the button says: the answer for the person who pressed it, or a form."""
        # Coordinators' and moderators' buttons are checked here, before any service.
        refused = await self.roles.check_button(actor, action, value)
        if refused is not None:
            return refused
        if action in FORM_BUTTONS:
            return await self._open_form(actor, action, value)
        return await self._answer(actor, action, value)

    async def _answer(self, actor: Actor, action: str, value: str) -> Message:
        if action in (MARK_DONE, UNDO_DONE):
            return await self.progress.set_module(actor, value, action == MARK_DONE, "button")
        if action == SNOOZE:
            return await self.choices.snooze(actor, int(value) if value.isdigit() else 0)
        if action == CATCH_UP:
            return await self.choices.plan(actor)
        if action in MODERATOR_BUTTONS:
            return await self.moderation.moderate(actor, action, value)
        if action == RESOLVE:
            return await self.moderation.resolve(actor, value)
        if action == ALLOW_SHARING:
            return await self.moderation.allow_sharing(actor, value)
        if action in (SEND_DRAFT, SEND_DRAFT_ANONYMOUSLY):
            return await self.questions.send_draft(actor, value, action == SEND_DRAFT_ANONYMOUSLY)
        if action == DROP_DRAFT:
            return await self.questions.drop_draft(actor, value)
        if action in VOTES:
            return await self.polls.vote(actor, value, VOTES[action])
        if action == VOTE_FORMAT:
            return await self.polls.vote_format(actor, value)
        if action == USE_SLOT:
            return await self.closing.use_slot(actor, value)
        if action in SESSION_ANSWERS:
            return await self.sessions.answer(actor, action, value)
        if action == FORGET_ME:
            return await self.data_rights.forget(actor, value)
        if action == KEEP_MY_DATA:
            return await self.data_rights.keep(actor)
        progress = self.progress.ctx.names.progress
        text = f"That button no longer does anything. Type {progress} to see where you are."
        return plain(text)

    async def _open_form(self, actor: Actor, action: str, value: str) -> Form | Message:
        """The form a button opens, or a message saying why it cannot open."""
        if action == ASK:
            return await self.questions.form(actor)
        if action == REFLECT:
            return await self.progress.reflection_form(actor, value)
        if action == CONFIRM_SESSIONS:
            return await self.closing.confirm_form(actor, value)
        if action == JOIN:
            return await self.recruitment.join_form(actor, value)
        return await self.sessions.comment_form(actor, value)
