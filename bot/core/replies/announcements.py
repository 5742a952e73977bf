"""A coordinator's announcement: the form to write it, the check before it goes (saying
whom it reaches and when), the announcement itself, and what its author is told."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.announcements import Announcement, AnnouncementStatus
from bot.core.messages import (
    Actions,
    Button,
    Choice,
    Context,
    Form,
    Heading,
    Message,
    Paragraph,
    Quote,
    RadioButtons,
    TextInput,
    plain,
)
from bot.core.model import Cohort
from bot.core.platforms import CommandNames
from bot.core.wording import day, plural

ANNOUNCE_FORM = "announce_form"
MESSAGE = "message"
AUDIENCE = "audience"
CHANNEL = "channel"  # the cohort channel only
EVERYONE = "everyone"  # the cohort channel, and each leader as a direct message
SEND_ANNOUNCEMENT = "announce_send"  # its value is the announcement's id
DROP_ANNOUNCEMENT = "announce_drop"
EMPTY_ANNOUNCEMENT = "Write the announcement you want to send."
# A few paragraphs: longer than this, an announcement is too long to read in a channel.
MAX_ANNOUNCEMENT = 3000


def announce_form(text: str, leaders: int) -> Form:
    """The announcement (what was typed after the command, if anything) and who gets it."""
    return Form(
        title="Announce to the cohort",
        callback=ANNOUNCE_FORM,
        submit="Check it",
        blocks=(
            TextInput(
                MESSAGE,
                "Your announcement",
                multiline=True,
                max_length=MAX_ANNOUNCEMENT,
                initial=text or None,
            ),
            RadioButtons(
                AUDIENCE,
                "Who gets it?",
                (
                    Choice(CHANNEL, "The cohort channel"),
                    Choice(
                        EVERYONE,
                        f"The cohort channel, and each of the {plural(leaders, 'leader')} "
                        "as a direct message",
                    ),
                ),
                CHANNEL,
            ),
            Context("You can check it, and see when it goes, before anyone gets it."),
        ),
        text="A coordinator writes an announcement in this form.",
    )


def no_channel_message(cohort: Cohort) -> Message:
    return plain(
        f"{cohort.name} has no cohort channel, so there is nowhere to announce. "
        "Add one under channels: in the cohort file."
    )


def check_message(announcement: Announcement, leaders: int, unreached: int, goes: str) -> Message:
    """The announcement as it will read, whom it reaches, when it goes, and the buttons."""
    if announcement.to_leaders:
        reach = (
            f"It goes to the cohort channel, and to each of the {plural(leaders, 'leader')} "
            f"as a direct message: {plural(leaders, 'person', 'people')} in all."
        )
        send = f"Send to {plural(leaders, 'leader')}"
    else:
        reach = "It goes to the cohort channel, for everyone in it."
        send = "Post in the channel"
    if announcement.to_leaders and unreached:
        reach += (
            f" {plural(unreached, 'leader')} cannot get direct messages from me yet, so "
            "they will see it only in the channel."
        )
    value = str(announcement.id)
    return Message(
        f"Check your announcement. {reach} It goes {goes}. “{announcement.text}”",
        (
            Heading("Check your announcement"),
            Quote(announcement.text),
            Paragraph(reach),
            Paragraph(f"It goes {goes}."),
            Actions(
                (
                    Button(send, SEND_ANNOUNCEMENT, value, "primary"),
                    Button("Do not send it", DROP_ANNOUNCEMENT, value),
                )
            ),
        ),
    )


def announcement_message(text: str, author: str, cohort: Cohort) -> Message:
    """What the cohort channel (and each leader) gets: the words exactly as written."""
    signed = f"From {author}, coordinator of {cohort.name}."
    return Message(
        f"Announcement: {text} {signed}",
        (Heading(f"Announcement: {cohort.name}"), Quote(text), Context(signed)),
    )


def sent_message(announcement: Announcement, leaders: int, goes: str) -> Message:
    where = (
        f"the cohort channel and {plural(leaders, 'leader')}"
        if announcement.to_leaders
        else "the cohort channel"
    )
    return plain(f"Your announcement goes to {where} {goes}.")


def dropped_message(names: CommandNames) -> Message:
    return plain(f"Not sent. Type {names.cohort} announce to write another.")


def decided_message(announcement: Announcement, cohort: Cohort) -> Message:
    """A second press: what was decided, and when."""
    assert announcement.decided_at is not None
    when = day(announcement.decided_at.astimezone(ZoneInfo(cohort.time_zone)).date())
    if announcement.status is AnnouncementStatus.SENT:
        return plain(f"You sent this announcement on {when}. It goes once.")
    return plain(f"You decided not to send this announcement, on {when}.")


def unknown_announcement_message(names: CommandNames) -> Message:
    return plain(f"I cannot find that announcement. Type {names.cohort} announce to write one.")
