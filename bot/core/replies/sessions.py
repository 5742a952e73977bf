"""What leaders and coordinators see of confirmed reflection sessions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.messages import (
    Actions,
    Block,
    Button,
    Choice,
    Context,
    Form,
    Heading,
    Item,
    Message,
    Paragraph,
    Quote,
    Select,
    TextInput,
    plain,
)
from bot.core.platforms import CommandNames
from bot.core.polls import FORMATS, Poll, PollSlot, ReflectionSession
from bot.core.replies.polls import when
from bot.core.wording import plural

SESSIONS_FORM = "sessions_form"
SESSION_FORMAT = "format"
ATTENDED, MISSED = "session_attended", "session_missed"
RATINGS = tuple(f"session_rate_{n}" for n in range(1, 6))
COMMENT = "session_comment"
FEEDBACK_FORM = "session_feedback_form"
FEEDBACK = "comment"
NO_PLACE_YET = "The coordinators will send the joining details."
CHANGE_SESSION, CANCEL_SESSION = "session_change", "session_cancel"


def place_input(slot_id: int) -> str:
    return f"place_{slot_id}"


def sessions_form(
    poll: Poll, slots: Sequence[PollSlot], zone: ZoneInfo, value: str, favourite: str | None
) -> Form:
    """Where each session happens and in what format, before the invitations go."""
    formats = poll.formats or FORMATS
    places = tuple(
        TextInput(
            place_input(slot.id or 0),
            f"Joining link or room: {when(slot, zone)}",
            max_length=500,
            placeholder="https://... or a room and address",
            optional=True,
        )
        for slot in slots
    )
    return Form(
        title="Confirm sessions",
        callback=SESSIONS_FORM,
        submit="Send invitations",
        blocks=(
            Paragraph("Each leader gets an invitation with a calendar file."),
            *places,
            Select(
                SESSION_FORMAT,
                "Format",
                tuple(Choice(f, f) for f in formats),
                chosen=favourite if favourite in formats else formats[0],
                optional=False,
            ),
        ),
        text="A coordinator confirms the sessions by filling in this form.",
        state=value,
    )


def invitation(poll: Poll, session: ReflectionSession, zone: ZoneInfo) -> Message:
    """A leader's invitation; the calendar file travels with it."""
    text = f"You are booked for “{poll.title}”: {when(session, zone)} ({zone.key})."
    return session_details(poll, session, text, "Add it to your calendar with the attached file.")


def session_details(poll: Poll, session: ReflectionSession, lead: str, calendar: str) -> Message:
    """A session's format, place and notes under a lead, and what to do with the file."""
    place = session.place or NO_PLACE_YET
    notes = (Item("Notes", session.notes),) if session.notes else ()
    blocks = (
        Heading(poll.title),
        Paragraph(lead),
        Item("Format", session.format or "To be confirmed"),
        Item("Where", place),
        *notes,
        Context(calendar),
    )
    text = f"{lead} {session.format}. {place}" + (f" {session.notes}" if session.notes else "")
    return Message(text, blocks)


def announcement(
    poll: Poll, sessions: Sequence[tuple[ReflectionSession, int]], zone: ZoneInfo
) -> Message:
    """The sessions in the cohort channel, as they stand: kept up to date after changes."""
    lead = f"The dates for “{poll.title}” are set. Everyone in a session has an invitation."
    items = [
        Item(
            when(session, zone),
            "Cancelled"
            if session.cancelled
            else f"{plural(count, 'leader')}, {session.format or 'format to follow'}",
        )
        for session, count in sessions
    ]
    return Message(lead, (Paragraph(lead), *items))


def confirmed_note(poll: Poll, sessions: int, invited: int, names: CommandNames) -> Message:
    return plain(
        f"Confirmed {plural(sessions, 'session')} for “{poll.title}”. "
        f"{plural(invited, 'invitation')} with a calendar file go out now, or at the start "
        f"of the next working day. To change or cancel a session, type {names.cohort} sessions."
    )


def session_reminder(poll: Poll, session: ReflectionSession, zone: ZoneInfo, soon: bool) -> Message:
    lead = "In an hour" if soon else "Coming up"
    text = f"{lead}: “{poll.title}”, {when(session, zone)}."
    where = session.place or NO_PLACE_YET
    return Message(f"{text} {where}", (Paragraph(text), Item("Where", where)))


def feedback_request(poll: Poll, session: ReflectionSession) -> Message:
    text = f"Thank you for taking part in “{poll.title}”. Did you attend?"
    value = str(session.id)
    rate = "How useful was it, from 1 (not at all) to 5 (very)?"
    blocks = (
        Paragraph(text),
        Actions(
            (Button("Yes, I was there", ATTENDED, value), Button("No, I missed it", MISSED, value))
        ),
        Paragraph(rate),
        Actions(tuple(Button(str(n), action, value) for n, action in enumerate(RATINGS, 1))),
        Actions((Button("Add a comment", COMMENT, value),)),
    )
    return Message(f"{text} {rate}", blocks)


def feedback_form(session_id: int) -> Form:
    return Form(
        title="Your comments",
        callback=FEEDBACK_FORM,
        submit="Send",
        blocks=(
            TextInput(
                FEEDBACK, "What would you tell the coordinators?", multiline=True, max_length=2000
            ),
        ),
        text="Your comment for the coordinators goes in this form.",
        state=str(session_id),
    )


@dataclass(frozen=True)
class SessionFigures:
    session: ReflectionSession
    people: tuple[str, ...]
    attended: int
    missed: int
    ratings: tuple[int, ...]
    comments: tuple[str, ...]


def sessions_report(
    poll: Poll,
    figures: Sequence[SessionFigures],
    formats: Mapping[str, int],
    zone: ZoneInfo,
    now: datetime,
) -> Message:
    """Sessions, who is in each, attendance and feedback, and the format votes; a session
    still to come can be changed or cancelled from here."""
    blocks: list[Block] = [Heading(f"Sessions: {poll.title}")]
    if not figures:
        blocks.append(Paragraph("No sessions are confirmed yet."))
    for f in figures:
        blocks.append(Item(when(f.session, zone), _session_line(f)))
        value = str(f.session.id)
        if not f.session.cancelled and now < f.session.starts_at:
            blocks.append(
                Actions(
                    (
                        Button("Change", CHANGE_SESSION, value),
                        Button("Cancel session", CANCEL_SESSION, value, "danger"),
                    )
                )
            )
        blocks += [Quote(comment) for comment in f.comments[:5]]
    if formats:
        total = sum(formats.values())
        votes = ", ".join(
            f"{name} {count}" for name, count in sorted(formats.items(), key=lambda x: -x[1])
        )
        blocks.append(Paragraph(f"Preferred format ({plural(total, 'vote')}): {votes}."))
    return Message(f"Sessions for {poll.title}", tuple(blocks))


def _session_line(f: SessionFigures) -> str:
    who = f"{plural(len(f.people), 'leader')}: {', '.join(f.people)}."
    if f.session.cancelled:
        return f"Cancelled. {who}"
    where = f"{f.session.format or 'Format to follow'}: {f.session.place or 'where to follow'}."
    if not f.ratings:
        rating = "no ratings yet"
    else:
        average = sum(f.ratings) / len(f.ratings)
        rating = f"average rating {average:.1f} from {plural(len(f.ratings), 'answer')}"
    return f"{where} {who} Attended {f.attended}, missed {f.missed}; {rating}."
