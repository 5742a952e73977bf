"""The use case for each neutral button, registered by the button's action id.

Each function takes the person who pressed it and the button's value, and names only
the services it uses; the registry hands it those by name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.commands import EnrolLeader, PlaceLeader
from bot.core.join_form import JOIN
from bot.core.messages import Form, Message
from bot.core.model import Actor
from bot.core.polls import PollVerb
from bot.core.replies.announcements import DROP_ANNOUNCEMENT, SEND_ANNOUNCEMENT
from bot.core.replies.closing import CLOSE_COHORT, KEEP_OPEN
from bot.core.replies.data_rights import FORGET_ME, KEEP_MY_DATA
from bot.core.replies.nudges import CATCH_UP, SNOOZE
from bot.core.replies.outreach import WRITE_TO_BEHIND
from bot.core.replies.polls import (
    CONFIRM_SESSIONS,
    PICK_POLL,
    USE_SLOT,
    VOTE_ACTIONS,
    VOTE_FORMAT,
)
from bot.core.replies.progress import MARK_DONE, UNDO_DONE
from bot.core.replies.question_queue import TAKE_OVER, UNCLAIM
from bot.core.replies.questions import (
    ALLOW_SHARING,
    ASK,
    CLAIM,
    DROP_DRAFT,
    MARK_ANSWERED,
    PUBLISH,
    REPLY,
    RESOLVE,
    SEND_DRAFT,
    SEND_DRAFT_ANONYMOUSLY,
)
from bot.core.replies.recruitment import (
    ADD_OVER_SEATS,
    PLACE_OVER_SEATS,
    out_of_date_button_message,
    over_seats_command,
)
from bot.core.replies.reflection import REFLECT
from bot.core.replies.sessions import (
    ATTENDED,
    CANCEL_SESSION,
    CHANGE_SESSION,
    COMMENT,
    MISSED,
    RATINGS,
)
from bot.core.replies.suggestions import ANSWERED_ALREADY, SEND_ANYWAY
from bot.core.services.announcements import Announcements
from bot.core.services.choices import ChoicesService
from bot.core.services.claims import ClaimService
from bot.core.services.cohort_closing import CohortClosing
from bot.core.services.data_rights import DataRightsService
from bot.core.services.enrolment import EnrolmentService
from bot.core.services.joining import JoiningService
from bot.core.services.moderation import ModerationService
from bot.core.services.outreach import Outreach
from bot.core.services.placement import PlacementService
from bot.core.services.poll_closing import PollClosing
from bot.core.services.poll_reports import PollReports
from bot.core.services.poll_votes import PollVoting
from bot.core.services.progress import ProgressService
from bot.core.services.published_answers import PublishedAnswers
from bot.core.services.questions import QuestionService
from bot.core.services.session_changes import SessionChanges
from bot.core.services.session_confirmation import SessionConfirmation
from bot.core.services.sessions import SessionService
from bot.core.slot_choice import Availability

Answer = Message | Form
ButtonHandler = Callable[..., Awaitable[Answer]]


async def mark_done(actor: Actor, value: str, progress: ProgressService) -> Answer:
    """The module on the button is done."""
    return await progress.set_module(actor, value, True, "button")


async def undo_done(actor: Actor, value: str, progress: ProgressService) -> Answer:
    """The module on the button is not done after all."""
    return await progress.set_module(actor, value, False, "button")


async def snooze(actor: Actor, value: str, choices: ChoicesService) -> Answer:
    """Send this week's message again tomorrow."""
    return await choices.snooze(actor, int(value) if value.isdigit() else 0)


async def catch_up(actor: Actor, value: str, choices: ChoicesService) -> Answer:
    """A plan that spreads what is left over the weeks left."""
    return await choices.plan(actor)


def moderate(action: str) -> ButtonHandler:
    """Mark a question answered, or publish it."""

    async def press(actor: Actor, value: str, moderation: ModerationService) -> Answer:
        return await moderation.moderate(action, value)

    return press


async def claim(actor: Actor, value: str, claims: ClaimService) -> Answer:
    """Hold a question, or hear who holds it."""
    return await claims.claim(actor, value)


async def unclaim(actor: Actor, value: str, claims: ClaimService) -> Answer:
    """Let go of a question one holds."""
    return await claims.unclaim(actor, value)


async def take_over(actor: Actor, value: str, claims: ClaimService) -> Answer:
    """Hold a question someone else holds, telling them."""
    return await claims.take_over(actor, value)


async def resolve(actor: Actor, value: str, moderation: ModerationService) -> Answer:
    """The asker says the answer settles their question."""
    return await moderation.resolve(actor, value)


async def allow_sharing(actor: Actor, value: str, moderation: ModerationService) -> Answer:
    """The asker lets the answer be shared without their name."""
    return await moderation.allow_sharing(actor, value)


def send_draft(anonymously: bool) -> ButtonHandler:
    """Send a drafted direct message as a question."""

    async def press(actor: Actor, value: str, questions: QuestionService) -> Answer:
        return await questions.send_draft(actor, value, anonymously)

    return press


async def send_anyway(actor: Actor, value: str, questions: QuestionService) -> Answer:
    """Send the question the published answers did not answer."""
    return await questions.send_anyway(actor, value)


async def answered_already(actor: Actor, value: str, published: PublishedAnswers) -> Answer:
    """A published answer answered the question: do not send it."""
    return await published.answered_already(actor, value)


async def drop_draft(actor: Actor, value: str, questions: QuestionService) -> Answer:
    """Do not send the drafted question."""
    return await questions.drop_draft(actor, value)


def vote(answer: Availability) -> ButtonHandler:
    """Answer a poll slot: yes, if need be, or no."""

    async def press(actor: Actor, value: str, voting: PollVoting) -> Answer:
        return await voting.vote(actor, value, answer)

    return press


async def vote_format(actor: Actor, value: str, voting: PollVoting) -> Answer:
    """Choose the session format the leader prefers."""
    return await voting.vote_format(actor, value)


async def use_slot(actor: Actor, value: str, confirmation: SessionConfirmation) -> Answer:
    """Propose sessions on another slot."""
    return await confirmation.use_slot(actor, value)


def poll_named(value: str) -> int:
    """The poll a button names by id; 0, which no poll has, for a value that is none."""
    return int(value) if value.isdigit() else 0


async def pick_results(actor: Actor, value: str, poll_reports: PollReports) -> Answer:
    """Who answered what in the poll picked from a list."""
    return await poll_reports.results(actor, poll_named(value))


async def pick_missing(actor: Actor, value: str, poll_reports: PollReports) -> Answer:
    """Who has not answered the poll picked from a list."""
    return await poll_reports.missing(actor, poll_named(value))


async def pick_close(actor: Actor, value: str, closing: PollClosing) -> Answer:
    """Close the poll picked from a list."""
    return await closing.close(actor, poll_named(value))


async def pick_sessions(actor: Actor, value: str, sessions: SessionService) -> Answer:
    """The sessions of the poll picked from a list."""
    return await sessions.report(actor, poll_named(value))


def answer_session(action: str) -> ButtonHandler:
    """Say whether one attended a session, and how it was."""

    async def press(actor: Actor, value: str, sessions: SessionService) -> Answer:
        return await sessions.answer(actor, action, value)

    return press


async def forget(actor: Actor, value: str, data_rights: DataRightsService) -> Answer:
    """Erase the leader's personal data, as they confirmed."""
    return await data_rights.forget(actor, value)


async def keep_my_data(actor: Actor, value: str, data_rights: DataRightsService) -> Answer:
    """The leader changed their mind: keep their data."""
    return await data_rights.keep(actor)


async def open_question_form(actor: Actor, value: str, questions: QuestionService) -> Answer:
    """The form to ask a question."""
    return await questions.form(actor)


async def open_reply_form(actor: Actor, value: str, questions: QuestionService) -> Answer:
    """The form to reply about one's own question, where there is no thread to reply in."""
    return await questions.reply_form(actor, value)


async def open_reflection_form(actor: Actor, value: str, progress: ProgressService) -> Answer:
    """The form to answer the week's reflection question."""
    return await progress.reflection_form(actor, value)


async def open_sessions_form(actor: Actor, value: str, confirmation: SessionConfirmation) -> Answer:
    """The form to confirm proposed sessions and invite leaders."""
    return await confirmation.confirm_form(actor, value)


async def open_change_form(actor: Actor, value: str, session_changes: SessionChanges) -> Answer:
    """The form to change a confirmed session."""
    return await session_changes.change_form(actor, value)


async def open_cancel_form(actor: Actor, value: str, session_changes: SessionChanges) -> Answer:
    """The form to cancel a confirmed session, with a note for its leaders."""
    return await session_changes.cancel_form(actor, value)


async def open_join_form(actor: Actor, value: str, joining: JoiningService) -> Answer:
    """The form to join a cohort."""
    return await joining.join_form(actor, value)


async def open_comment_form(actor: Actor, value: str, sessions: SessionService) -> Answer:
    """The form to comment on a session."""
    return await sessions.comment_form(actor, value)


async def close_cohort(actor: Actor, value: str, cohort_closing: CohortClosing) -> Answer:
    """Close the cohort, as the coordinator confirmed."""
    return await cohort_closing.close(actor, value)


async def keep_cohort_open(actor: Actor, value: str, cohort_closing: CohortClosing) -> Answer:
    """The coordinator changed their mind: the cohort stays open."""
    return await cohort_closing.keep_open(actor, value)


async def send_announcement(actor: Actor, value: str, announcements: Announcements) -> Answer:
    """Send the checked announcement, once."""
    return await announcements.send(actor, value)


async def drop_announcement(actor: Actor, value: str, announcements: Announcements) -> Answer:
    """Do not send the announcement."""
    return await announcements.drop(actor, value)


async def open_reach_out_form(actor: Actor, value: str, outreach: Outreach) -> Answer:
    """The form to write to the leaders behind their plan."""
    return await outreach.form(actor)


async def add_over_seats(actor: Actor, value: str, enrolment: EnrolmentService) -> Answer:
    """Enrol the leader the coordinator asked for, over the organisation's seats."""
    command = over_seats_command(ADD_OVER_SEATS, value)
    if not isinstance(command, EnrolLeader):
        return out_of_date_button_message()
    return await enrolment.enrol(actor, command, over_seats=True)


async def place_over_seats(actor: Actor, value: str, placement: PlacementService) -> Answer:
    """Give the leader the coordinator named a seat, over the organisation's seats."""
    command = over_seats_command(PLACE_OVER_SEATS, value)
    if not isinstance(command, PlaceLeader):
        return out_of_date_button_message()
    return await placement.place(actor, command, over_seats=True)


BUTTON_HANDLERS: dict[str, ButtonHandler] = {
    MARK_DONE: mark_done,
    UNDO_DONE: undo_done,
    SNOOZE: snooze,
    CATCH_UP: catch_up,
    CLAIM: claim,
    UNCLAIM: unclaim,
    TAKE_OVER: take_over,
    **{action: moderate(action) for action in (MARK_ANSWERED, PUBLISH)},
    RESOLVE: resolve,
    ALLOW_SHARING: allow_sharing,
    SEND_DRAFT: send_draft(anonymously=False),
    SEND_DRAFT_ANONYMOUSLY: send_draft(anonymously=True),
    DROP_DRAFT: drop_draft,
    SEND_ANYWAY: send_anyway,
    ANSWERED_ALREADY: answered_already,
    **{action: vote(answer) for answer, action in VOTE_ACTIONS.items()},
    VOTE_FORMAT: vote_format,
    USE_SLOT: use_slot,
    PICK_POLL[PollVerb.RESULTS]: pick_results,
    PICK_POLL[PollVerb.MISSING]: pick_missing,
    PICK_POLL[PollVerb.CLOSE]: pick_close,
    PICK_POLL[PollVerb.SESSIONS]: pick_sessions,
    **{action: answer_session(action) for action in (ATTENDED, MISSED, *RATINGS)},
    FORGET_ME: forget,
    KEEP_MY_DATA: keep_my_data,
    ASK: open_question_form,
    REPLY: open_reply_form,
    REFLECT: open_reflection_form,
    CONFIRM_SESSIONS: open_sessions_form,
    CHANGE_SESSION: open_change_form,
    CANCEL_SESSION: open_cancel_form,
    JOIN: open_join_form,
    COMMENT: open_comment_form,
    CLOSE_COHORT: close_cohort,
    KEEP_OPEN: keep_cohort_open,
    SEND_ANNOUNCEMENT: send_announcement,
    DROP_ANNOUNCEMENT: drop_announcement,
    WRITE_TO_BEHIND: open_reach_out_form,
    ADD_OVER_SEATS: add_over_seats,
    PLACE_OVER_SEATS: place_over_seats,
}

# The buttons whose answer is usually a form. A platform that must know before the press
# whether a button opens a dialog renders these differently.
OPENS_A_FORM = frozenset(
    {
        ASK,
        REPLY,
        REFLECT,
        CONFIRM_SESSIONS,
        CHANGE_SESSION,
        CANCEL_SESSION,
        JOIN,
        COMMENT,
        WRITE_TO_BEHIND,
    }
)
