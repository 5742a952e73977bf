"""What a leader sees when they ask for their data or ask to be forgotten."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from bot.core.messages import Actions, Button, Context, Message, Paragraph, plain
from bot.core.personal_data import CohortPurge, Erased
from bot.core.platforms import CommandNames
from bot.core.wording import day, listed, plural

FORGET_ME = "data_forget_me"  # "Yes, delete my data"; its value is the person's id
KEEP_MY_DATA = "data_keep"


def my_data_file_message(today: date) -> Message:
    """The comment on the file of everything held about the leader."""
    return plain(f"Everything Facilitator holds about you, on {day(today)}.")


def my_data_sent_message(filename: str) -> Message:
    return plain(
        f"I have sent you the file {filename} in a direct message. "
        "It has everything I hold about you."
    )


def nothing_held_message() -> Message:
    return plain("I hold no data about you.")


def forget_me_prompt(person_id: int, names: CommandNames) -> Message:
    """Ask before erasing: it cannot be undone."""
    lead = "Delete everything I hold about you?"
    detail = (
        "I will delete your progress, reflections, poll answers and session feedback, "
        "withdraw you from the course and forget your name and account id. Questions you "
        "asked stay with the moderators as anonymous text, without names or email "
        "addresses. This cannot be undone."
    )
    buttons = (
        Button("Yes, delete my data", FORGET_ME, str(person_id), "danger"),
        Button("Keep my data", KEEP_MY_DATA),
    )
    return Message(
        f"{lead} {detail}",
        (
            Paragraph(lead),
            Paragraph(detail),
            Actions(buttons),
            Context(f"Want a copy first? Type {names.progress} my-data."),
        ),
    )


def forgotten_message() -> Message:
    lead = "Done. I have deleted your data and no longer know who you are."
    detail = (
        "If you write to me again, I will treat you as someone new. If a coordinator "
        "listed you in the cohort file, ask them to take you out of it too, or you will "
        "be enrolled again."
    )
    return Message(f"{lead} {detail}", (Paragraph(lead), Context(detail)))


def removed_reflection_message() -> Message:
    """What a shared reflection's post says once its author has been forgotten."""
    return plain("This reflection was removed at its author's request.")


def kept_message() -> Message:
    return plain("Nothing has changed: I have kept your data as it was.")


def nothing_more_message() -> Message:
    return plain("There is nothing more to delete: I hold no data about you.")


def stale_request_message(names: CommandNames) -> Message:
    return plain(
        f"That button belongs to an earlier request. Type {names.progress} forget-me again."
    )


# What the purge did, and what a dry run says it would do.
_DONE = {"anonymise": "anonymised", "delete": "deleted", "withdraw": "withdrew", "make": "made"}


def purge_report(
    purges: Sequence[CohortPurge], older_than: timedelta, dry_run: bool = False
) -> list[str]:
    """One line per cohort the retention purge reached, for the person who ran it; for a dry
    run, what the purge would do."""
    lines = []
    if dry_run:
        lines.append(
            "A dry run: nothing was erased." + (" A purge would do this:" if purges else "")
        )
    if not purges:
        days = plural(older_than.days, "day")
        return [*lines, f"No cohort's course ended more than {days} ago."]
    for purge in purges:
        ended = "closed" if purge.cohort.closed_at else "course ended"
        name = f"{purge.cohort.slug} ({ended} {purge.ended.isoformat()})"
        if purge.erased.nothing:
            lines.append(f"{name}: nothing left to remove.")
            continue
        lines.append(f"{name}: {_did(purge.erased, dry_run)}.")
        if purge.kept_people:
            kept, went = ("would keep", "would go") if dry_run else ("kept", "went")
            lines.append(
                f"  {plural(purge.kept_people, 'person', 'people')} also in a later cohort "
                f"{kept} their name; only this cohort's records {went}."
            )
    lines.append(
        "Kept: the weekly progress snapshots (anonymous figures), and questions as anonymous text."
    )
    return lines


def _verb(word: str, dry_run: bool) -> str:
    return f"would {word}" if dry_run else _DONE[word]


def _did(erased: Erased, dry_run: bool) -> str:
    deleted = [
        plural(count, singular, many)
        for count, singular, many in (
            (erased.completions, "completion", None),
            (erased.reflections, "reflection", None),
            (erased.poll_votes, "poll answer", None),
            (erased.format_votes, "format choice", None),
            (erased.seats, "session seat", None),
            (erased.drafts, "draft question", None),
            (erased.champions, "champion role", None),
            (erased.invitations, "invitation", None),
            (erased.deliveries, "unsent message", None),
            (erased.downloads, "file kept for download", "files kept for download"),
        )
        if count
    ]
    parts = [f"{_verb('anonymise', dry_run)} {plural(erased.people, 'person', 'people')}"]
    if deleted:
        parts.append(f"{_verb('delete', dry_run)} " + listed(deleted))
    if erased.enrolments:
        parts.append(f"{_verb('withdraw', dry_run)} {plural(erased.enrolments, 'enrolment')}")
    if erased.questions:
        parts.append(f"{_verb('make', dry_run)} {plural(erased.questions, 'question')} anonymous")
    return "; ".join(parts)


def asker_gone_message(reference: str) -> Message:
    """For a moderator who replies after the asker deleted their data."""
    return plain(f"The asker of {reference} has deleted their data, so your reply was not sent.")
