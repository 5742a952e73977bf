"""The checks and the use case for each form, registered by the form's id.

Checking comes first and alone, so a platform that must answer within a few seconds
can show the problems at once and act after it has answered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.join_form import JOIN_FORM
from bot.core.messages import Answers
from bot.core.model import Actor
from bot.core.poll_form import POLL_FORM
from bot.core.replies.announcements import ANNOUNCE_FORM
from bot.core.replies.checkin_form import CHECKIN_FORM
from bot.core.replies.outreach import EMPTY_NOTE, NOTE, REACH_OUT_FORM
from bot.core.replies.questions import EMPTY_REPLY, QUESTION_FORM, REPLY_FORM, TEXT
from bot.core.replies.reflection import REFLECTION_FORM
from bot.core.replies.sessions import FEEDBACK_FORM, SESSIONS_FORM
from bot.core.requests import SubmitForm
from bot.core.services.announcements import Announcements
from bot.core.services.conversation import ConversationService
from bot.core.services.joining import JoiningService
from bot.core.services.outreach import Outreach
from bot.core.services.polls import PollService
from bot.core.services.progress import ProgressService
from bot.core.services.questions import QuestionService
from bot.core.services.relay import RelayService
from bot.core.services.session_changes import SessionChanges
from bot.core.services.session_confirmation import SessionConfirmation
from bot.core.services.sessions import SessionService
from bot.core.session_form import CANCEL_FORM, CHANGE_FORM

Problems = dict[str, str]
FormCheck = Callable[..., Awaitable[Problems]]
FormHandler = Callable[..., Awaitable[None]]


async def check_question(actor: Actor, answers: Answers, questions: QuestionService) -> Problems:
    return questions.form_problems(answers)


async def check_reply(actor: Actor, answers: Answers) -> Problems:
    """A reply needs words: an empty one would be carried nowhere, and the writer not told."""
    return {} if " ".join(answers.get(TEXT, ())).strip() else {TEXT: EMPTY_REPLY}


async def check_poll(actor: Actor, answers: Answers, polls: PollService) -> Problems:
    return await polls.problems(actor, answers)


async def check_session_change(
    actor: Actor, answers: Answers, session_changes: SessionChanges
) -> Problems:
    return await session_changes.change_problems(actor, answers)


async def check_join(actor: Actor, answers: Answers, joining: JoiningService) -> Problems:
    return joining.join_problems(answers)


async def check_announcement(
    actor: Actor, answers: Answers, announcements: Announcements
) -> Problems:
    return announcements.problems(answers)


async def check_note(actor: Actor, answers: Answers) -> Problems:
    """A note needs words: an empty one would say nothing to the leaders behind."""
    return {} if " ".join(answers.get(NOTE, ())).strip() else {NOTE: EMPTY_NOTE}


async def save_checkin_form(form: SubmitForm, progress: ProgressService) -> None:
    """Record the ticks and unticks of the check-in form."""
    await progress.save_checkin_form(form.actor, form.answers, form.submission_id)


async def save_reflection(form: SubmitForm, progress: ProgressService) -> None:
    """Keep the leader's reflection, and share it if they chose to."""
    await progress.save_reflection(form.actor, form.state, form.answers, form.submission_id)


async def ask_question(form: SubmitForm, questions: QuestionService) -> None:
    """Send the question from the form to the moderators."""
    await questions.save_form(form.actor, form.answers)


async def reply_about_question(
    form: SubmitForm, relay: RelayService, conversation: ConversationService
) -> None:
    """Carry a reply written in the reply form, and say where it went."""
    text = " ".join(form.answers.get(TEXT, ())).strip()
    if not text:
        return
    sent = await relay.reply_to(form.actor, form.state, text, form.submission_id)
    await conversation.send_privately(form.actor, f"reply-form:{form.submission_id}", sent)


async def start_poll(form: SubmitForm, polls: PollService) -> None:
    """Open the poll for session times."""
    await polls.start(form.actor, form.answers)


async def confirm_sessions(form: SubmitForm, confirmation: SessionConfirmation) -> None:
    """Confirm the sessions and invite their leaders."""
    await confirmation.confirm(form.actor, form.state, form.answers)


async def change_session(form: SubmitForm, session_changes: SessionChanges) -> None:
    """Keep a session's new details and send them to its leaders."""
    await session_changes.change(form.actor, form.state, form.answers, form.submission_id)


async def cancel_session(form: SubmitForm, session_changes: SessionChanges) -> None:
    """Cancel a session and tell its leaders."""
    await session_changes.cancel(form.actor, form.state, form.answers, form.submission_id)


async def comment_on_session(form: SubmitForm, sessions: SessionService) -> None:
    """Keep a leader's comment on their session."""
    await sessions.comment(form.actor, form.state, form.answers)


async def join(form: SubmitForm, joining: JoiningService) -> None:
    """Sign up for the cohort: a seat, or a place on the waitlist."""
    await joining.join(form.actor, form.state, form.answers, form.submission_id)


async def check_announcement_before_sending(
    form: SubmitForm, announcements: Announcements, conversation: ConversationService
) -> None:
    """Show the coordinator their announcement, whom it reaches and when, to confirm."""
    check = await announcements.draft(form.actor, form.answers, form.submission_id)
    if check is not None:
        await conversation.send_privately(form.actor, f"announce-check:{form.submission_id}", check)


async def write_to_behind(
    form: SubmitForm, outreach: Outreach, conversation: ConversationService
) -> None:
    """Send the coordinator's note to each leader behind, and say to whom it goes."""
    sent = await outreach.send(form.actor, form.answers, form.submission_id)
    if sent is not None:
        await conversation.send_privately(
            form.actor, f"behind-note-sent:{form.submission_id}", sent
        )


FORM_CHECKS: dict[str, FormCheck] = {
    QUESTION_FORM: check_question,
    REPLY_FORM: check_reply,
    POLL_FORM: check_poll,
    CHANGE_FORM: check_session_change,
    JOIN_FORM: check_join,
    ANNOUNCE_FORM: check_announcement,
    REACH_OUT_FORM: check_note,
}

FORM_HANDLERS: dict[str, FormHandler] = {
    CHECKIN_FORM: save_checkin_form,
    REFLECTION_FORM: save_reflection,
    QUESTION_FORM: ask_question,
    REPLY_FORM: reply_about_question,
    POLL_FORM: start_poll,
    SESSIONS_FORM: confirm_sessions,
    CHANGE_FORM: change_session,
    CANCEL_FORM: cancel_session,
    FEEDBACK_FORM: comment_on_session,
    JOIN_FORM: join,
    ANNOUNCE_FORM: check_announcement_before_sending,
    REACH_OUT_FORM: write_to_behind,
}
