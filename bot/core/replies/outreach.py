"""A coordinator's personal note to the leaders behind their plan: the form that shows who
they are and holds the note, the note each leader gets, and what the coordinator is told."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.messages import (
    Actions,
    Button,
    Context,
    Form,
    Message,
    Paragraph,
    Quote,
    TextInput,
    plain,
)
from bot.core.model import Cohort
from bot.core.replies.nudges import CATCH_UP, first_name
from bot.core.wording import listed, plural

WRITE_TO_BEHIND = "progress_write_behind"  # a button that opens the form
REACH_OUT_FORM = "behind_note_form"
NOTE = "note"
EMPTY_NOTE = "Write the note you want to send."
MAX_LISTED = 40  # enough names to check whom the note reaches; more is a wall of names
NOTE_LENGTH = 2000  # a personal note, not a newsletter


@dataclass(frozen=True)
class Behind:
    """A leader behind their plan, as the form lists them."""

    name: str
    organisation: str
    behind_by: int

    @property
    def line(self) -> str:
        return f"{self.name}, {self.organisation}: {plural(self.behind_by, 'module')} behind"


def write_to_behind_button() -> Button:
    return Button("Write to the leaders behind", WRITE_TO_BEHIND)


def default_note() -> str:
    """A starting point in plain English, which the coordinator may change. The note comes
    with a button for a catch-up plan, so it need not name a command."""
    return (
        "I can see you have fallen a little behind your plan. That is fine: busy weeks "
        "happen to everyone. Could you set aside an hour this week for the next module? "
        "If something is getting in the way, tell us and we will help."
    )


def reach_out_form(behind: Sequence[Behind], paused: int, goes: str) -> Form:
    """Who is behind and how many, and the note to send them, ready to edit."""
    count = plural(len(behind), "leader")
    lead = (
        f"{plural(len(behind), 'leader is', 'leaders are')} behind their plan. Each gets your "
        "note as a direct message, starting “Hello” and their first name, and ending with "
        "your name and their own progress."
    )
    lines = [b.line for b in behind[:MAX_LISTED]]
    if len(behind) > MAX_LISTED:
        lines.append(f"And {len(behind) - MAX_LISTED} more.")
    skipped = (
        [
            Paragraph(
                f"{plural(paused, 'more leader is', 'more leaders are')} behind but paused "
                "their messages, so they get nothing."
            )
        ]
        if paused
        else []
    )
    return Form(
        title="Write to leaders behind",
        callback=REACH_OUT_FORM,
        submit=f"Send to {count}",
        blocks=(
            Paragraph(lead),
            Paragraph("\n".join(lines)),
            *skipped,
            TextInput(
                NOTE,
                "Your note",
                multiline=True,
                max_length=NOTE_LENGTH,
                initial=default_note(),
            ),
            Context(f"It goes {goes}."),
        ),
        text=f"Write your note to the {count} behind their plan in this form.",
    )


def nobody_behind_message(cohort: Cohort) -> Message:
    return plain(f"Nobody in {cohort.name} is behind their plan at the moment.")


def behind_note(
    name: str,
    note: str,
    author: str,
    cohort: Cohort,
    done: int,
    total: int,
    behind_by: int,
) -> Message:
    """The coordinator's words exactly as written, then who sent them and where the leader is."""
    greeting = f"Hello {first_name(name)}."
    signed = f"From {author}, coordinator of {cohort.name}."
    where = (
        f"You have done {done} of {total} modules, {plural(behind_by, 'module')} behind your plan."
    )
    return Message(
        f"{greeting} {note} {signed} {where}",
        (
            Paragraph(greeting),
            Quote(note),
            Paragraph(signed),
            Actions((Button("Show me a catch-up plan", CATCH_UP),)),
            Context(where),
        ),
    )


def notes_sent_message(sent: Sequence[str], goes: str) -> Message:
    """What the coordinator is told once the notes are queued."""
    if not sent:
        return plain("Nobody is behind their plan any more, so I sent nothing.")
    shown = list(sent[:MAX_LISTED])
    if len(sent) > MAX_LISTED:
        shown.append(f"{len(sent) - MAX_LISTED} more")
    return plain(f"Your note goes to {plural(len(sent), 'leader')} {goes}: {listed(shown)}.")
