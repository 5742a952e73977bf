"""What leaders and coordinators are told when a confirmed session changes or is
cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.messages import Context, Heading, Message, Paragraph, Quote, plain
from bot.core.platforms import CommandNames
from bot.core.polls import Poll, ReflectionSession
from bot.core.replies.polls import when
from bot.core.replies.sessions import session_details
from bot.core.wording import listed, plural

SOON = "now, or at the start of the next working day"


def session_changed(
    poll: Poll, session: ReflectionSession, zone: ZoneInfo, changes: Sequence[str]
) -> Message:
    """The new details of a leader's session; the updated calendar file travels with it."""
    lead = (
        f"Your session for “{poll.title}” has changed: {listed(changes)}. "
        f"It is on {when(session, zone)} ({zone.key})."
    )
    return session_details(
        poll, session, lead, "Open the attached file to update the event in your calendar."
    )


def session_cancelled(poll: Poll, session: ReflectionSession, zone: ZoneInfo, note: str) -> Message:
    """A leader's news that their session is off; the calendar file takes it out."""
    lead = f"Your session for “{poll.title}” on {when(session, zone)} ({zone.key}) is cancelled."
    said = (Paragraph("The coordinators say:"), Quote(note)) if note else ()
    blocks = (
        Heading(poll.title),
        Paragraph(lead),
        *said,
        Context("Open the attached file to take it out of your calendar."),
    )
    return Message(f"{lead} The coordinators say: {note}" if note else lead, blocks)


def changed_note(poll: Poll, session: ReflectionSession, zone: ZoneInfo, told: int) -> Message:
    return plain(
        f"Changed the session for “{poll.title}”. It is on {when(session, zone)}. "
        f"{_told(told, 'the new details and a calendar file')}"
    )


def cancelled_note(poll: Poll, session: ReflectionSession, zone: ZoneInfo, told: int) -> Message:
    return plain(
        f"Cancelled the session for “{poll.title}” on {when(session, zone)}. "
        f"{_told(told, 'the news and a calendar file that takes it out')}"
    )


def _told(count: int, what: str) -> str:
    if not count:
        return "Nobody was booked on it, so I told nobody."
    return f"{plural(count, 'leader')} {'gets' if count == 1 else 'get'} {what} {SOON}."


def nothing_changed() -> Message:
    return plain("You changed nothing, so I sent nothing.")


def changed_meanwhile(names: CommandNames) -> Message:
    return plain(
        "Someone changed this session after you opened the form, so I changed nothing. "
        f"See it as it is now with {names.cohort} sessions."
    )
