"""The forms a coordinator fills in to change or cancel a confirmed session, and the
checks on what they gave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.messages import (
    Answers,
    Choice,
    Context,
    DateInput,
    Form,
    Paragraph,
    Select,
    TextInput,
    TimeInput,
)
from bot.core.poll_form import first_answer, local_moment
from bot.core.polls import FORMATS, LENGTHS, Poll, ReflectionSession
from bot.core.replies.polls import when
from bot.core.wording import capitalised, plural

CHANGE_FORM, CANCEL_FORM = "session_change_form", "session_cancel_form"
DATE, START, LENGTH, PLACE, FORMAT, NOTES = "date", "start", "length", "place", "format", "notes"
NOTE = "note"  # to the leaders, with a cancellation
MAX_NOTES = 1000


@dataclass(frozen=True)
class SessionPlan:
    """A session's details as the coordinator filled them in, checked."""

    starts_at: datetime
    minutes: int
    place: str
    format: str
    notes: str


def form_state(session: ReflectionSession) -> str:
    """What a form carries back: the session, and its sequence when the form was opened,
    so a change made from an older state is noticed."""
    return f"{session.id}:{session.sequence}"


def read_state(state: str) -> tuple[int, int] | None:
    """The session id and sequence a form carried; None if it carried something else."""
    session_id, _, sequence = state.partition(":")
    if not session_id.isdigit() or not sequence.isdigit():
        return None
    return int(session_id), int(sequence)


def change_form(poll: Poll, session: ReflectionSession, zone: ZoneInfo, seated: int) -> Form:
    """The session's time, place, format and notes as they are, to change."""
    start = session.starts_at.astimezone(zone)
    formats = poll.formats or FORMATS
    return Form(
        title="Change the session",
        callback=CHANGE_FORM,
        submit="Send the changes",
        blocks=(
            Paragraph(
                f"“{poll.title}”, {when(session, zone)}. If you change anything, "
                f"{_who(seated)} get the new details with an updated calendar file."
            ),
            DateInput(DATE, "Date", initial=start.date().isoformat()),
            TimeInput(START, "Start time", initial=f"{start:%H:%M}"),
            Select(
                LENGTH,
                "Length",
                tuple(Choice(str(m), f"{m} minutes") for m in LENGTHS),
                chosen=str(session.minutes),
                optional=False,
            ),
            TextInput(
                PLACE,
                "Joining link or room",
                max_length=500,
                placeholder="https://... or a room and address",
                optional=True,
                initial=session.place or None,
            ),
            Select(
                FORMAT,
                "Format",
                tuple(Choice(f, f) for f in formats),
                chosen=session.format if session.format in formats else formats[0],
                optional=False,
            ),
            TextInput(
                NOTES,
                "Notes for the leaders",
                multiline=True,
                max_length=MAX_NOTES,
                placeholder="What to read first, how to find the room",
                optional=True,
                initial=session.notes or None,
            ),
            Context("Times are in the cohort's time zone."),
        ),
        text="A coordinator changes a session by filling in this form.",
        state=form_state(session),
    )


def cancel_form(poll: Poll, session: ReflectionSession, zone: ZoneInfo, seated: int) -> Form:
    """Are you sure, and a note for the leaders."""
    return Form(
        title="Cancel the session",
        callback=CANCEL_FORM,
        submit="Cancel the session",
        close="Keep it",
        blocks=(
            Paragraph(
                f"“{poll.title}”, {when(session, zone)}. {capitalised(_who(seated))} will be "
                "told it is cancelled, with a calendar file that takes it out of their calendar."
            ),
            TextInput(
                NOTE,
                "A note for the leaders",
                multiline=True,
                max_length=MAX_NOTES,
                placeholder="Why, and what happens next",
                optional=True,
            ),
        ),
        text="A coordinator cancels a session by sending this form.",
        state=form_state(session),
    )


def _who(seated: int) -> str:
    return "the leader in it" if seated == 1 else f"the {plural(seated, 'leader')} in it"


def read_change(answers: Answers, now: datetime, zone: ZoneInfo) -> SessionPlan | dict[str, str]:
    """The session as filled in, or what is wrong with it by input id."""
    problems: dict[str, str] = {}
    given_date, given_time = first_answer(answers, DATE), first_answer(answers, START)
    starts_at = local_moment(given_date, given_time, zone) if given_date and given_time else None
    if not given_date or not given_time:
        problems[DATE if not given_date else START] = "Give the session a date and a start time."
    elif starts_at is None:
        problems[DATE] = "That date or time is not one I can read."
    elif starts_at <= now:
        problems[DATE] = "That time has passed. Choose a later one."
    length = first_answer(answers, LENGTH)
    if length not in {str(m) for m in LENGTHS}:
        problems[LENGTH] = "Choose one of the lengths offered."
    chosen = first_answer(answers, FORMAT)
    if chosen not in FORMATS:
        problems[FORMAT] = "Choose one of the formats offered."
    if problems or starts_at is None:
        return problems
    return SessionPlan(
        starts_at,
        int(length),
        first_answer(answers, PLACE).strip(),
        chosen,
        first_answer(answers, NOTES).strip(),
    )


def changes(session: ReflectionSession, plan: SessionPlan) -> list[str]:
    """What the plan changes, in words for the leaders: empty if nothing."""
    changed = []
    if (plan.starts_at, plan.minutes) != (session.starts_at, session.minutes):
        changed.append("the time")
    if plan.place != session.place:
        changed.append("where it is")
    if plan.format != session.format:
        changed.append("the format")
    if plan.notes != session.notes:
        changed.append("the notes")
    return changed
