"""Messages for coordinators and for newly enrolled leaders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.messages import Block, Context, Fields, Heading, Message, Paragraph, plain
from bot.core.model import Cohort, Curriculum, Organisation, Role
from bot.core.platforms import CommandNames
from bot.core.recruitment import Seats, seat_totals
from bot.core.replies.recruitment import seats_line, seats_taken
from bot.core.wording import day, duration, plural

# Enough names to act on in a message.
MAX_UNREACHED_LISTED = 40
# Enough module ids to find them in the course file's history.
MAX_RETIRED_LISTED = 5


@dataclass(frozen=True)
class OrganisationFigures:
    place: Seats
    modules_done: int


@dataclass(frozen=True)
class Unreached:
    """Someone the bot cannot write to yet, where a platform lets it write only to people
    who have the app."""

    name: str
    role: Role


@dataclass(frozen=True)
class NotReached:
    """Everyone the bot cannot write to yet, and what a coordinator can do about it."""

    people: Sequence[Unreached] = ()
    advice: str = ""


EVERYONE_REACHED = NotReached()


def status_message(
    cohort: Cohort,
    curriculum: Curriculum,
    figures: Sequence[OrganisationFigures],
    finished: int,
    week_line: str,
    not_reached: NotReached = EVERYONE_REACHED,
) -> Message:
    """Enrolment and completion across the cohort, then per organisation, then who cannot
    be reached yet."""
    modules = len(curriculum.modules)
    leaders = sum(len(f.place.seated) for f in figures)
    totals = seat_totals(f.place for f in figures)
    overall = _percent(sum(f.modules_done for f in figures), leaders * modules)
    lines = [
        f"{f.place.organisation.name}: {seats_taken(f.place)}, "
        f"{_percent(f.modules_done, len(f.place.seated) * modules)}% done"
        for f in figures
    ]
    summary = f"{seats_taken(totals)}. Overall completion {overall}%. {finished} finished."
    return Message(
        f"{cohort.name}: {summary}{not_reached_summary(not_reached)}",
        (
            Heading(cohort.name),
            Fields(
                (
                    ("Leaders enrolled", str(leaders)),
                    ("Seats", seats_taken(totals)),
                    ("Overall completion", f"{overall}%"),
                    ("Finished the course", str(finished)),
                    ("Programme", week_line),
                )
            ),
            Heading("By organisation"),
            Paragraph("\n".join(lines)),
            *not_reached_blocks(not_reached),
        ),
    )


def not_reached_summary(not_reached: NotReached) -> str:
    """A sentence for the plain-text fallback; nothing when everyone can be reached."""
    unreached = not_reached.people
    if not unreached:
        return ""
    return f" {plural(len(unreached), 'person', 'people')} cannot be reached yet."


def not_reached_blocks(not_reached: NotReached) -> list[Block]:
    """Who the bot cannot write to yet, and what to do; nothing when everyone can be reached."""
    unreached = not_reached.people
    if not unreached:
        return []
    lines = [f"{u.name} ({u.role.value})" for u in unreached[:MAX_UNREACHED_LISTED]]
    if len(unreached) > MAX_UNREACHED_LISTED:
        lines.append(f"And {len(unreached) - MAX_UNREACHED_LISTED} more.")
    lead = (
        f"The bot cannot write to {plural(len(unreached), 'person', 'people')} yet, "
        "so they get no messages from it:"
    )
    return [
        Heading("Cannot be reached yet"),
        Paragraph(lead),
        Paragraph("\n".join(lines)),
        Context(not_reached.advice),
    ]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def welcome_message(
    cohort: Cohort, curriculum: Curriculum, pace: int, today: date, names: CommandNames
) -> Message:
    """The first message a leader gets once enrolled."""
    weekly = duration(round(curriculum.total_minutes / pace))
    text = (
        f"You are enrolled on {curriculum.title}. {_start(cohort.start_date, today)} "
        f"Your pace is {pace} weeks: about {weekly} a week."
    )
    return Message(
        f"Welcome to {cohort.name}. {text}",
        (
            Heading(f"Welcome to {cohort.name}"),
            Paragraph(text),
            Context(
                f"See this week's modules with {names.progress}. "
                f"Record a module you have done with {names.checkin} and its number."
            ),
        ),
    )


def _start(start: date, today: date) -> str:
    if start == today:
        return "The course starts today."
    verb = "starts" if start > today else "started"
    return f"The course {verb} on {day(start)}."


def enrolled_message(
    name: str, organisation: Organisation, pace: int, updated: bool, place: Seats | None
) -> Message:
    """`/cohort add` done; with the organisation's seats when the leader took one."""
    verb = "Updated" if updated else "Enrolled"
    text = f"{verb} {name}, {organisation.name}, on the {pace}-week pace."
    if not updated:
        text += " I have sent them a welcome message."
    if place is not None:
        text += f" {seats_line(place)}"
    return plain(text)


def coordinators_only_message(names: CommandNames) -> Message:
    text = (
        f"{names.cohort} is for the cohort's coordinators. "
        f"If you need it, ask a coordinator. Your own progress is at {names.progress}."
    )
    return plain(text)


def retired_modules_note(cohort: Cohort, retired: Mapping[str, int]) -> str:
    """Completions kept for modules taken out of the course file, which count for nothing."""
    ids = sorted(retired)
    listed = ", ".join(ids[:MAX_RETIRED_LISTED])
    if len(ids) > MAX_RETIRED_LISTED:
        listed += f" and {len(ids) - MAX_RETIRED_LISTED} more"
    completions = sum(retired.values())
    kept, them = ("is", "it") if completions == 1 else ("are", "them")
    modules = "the module" if len(ids) == 1 else "the modules"
    return (
        f"{cohort.name}: {plural(completions, 'completion')} of "
        f"{plural(len(ids), 'module')} no longer in the course file ({listed}) {kept} kept "
        f"but not counted in progress. Put {modules} back in the course file to count {them} "
        "again."
    )
