"""Coordinators' progress report, its CSV export, and the weekly digest."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from bot.core.messages import (
    Actions,
    Block,
    Context,
    Fields,
    Heading,
    Item,
    Message,
    Paragraph,
    plain,
)
from bot.core.model import Cohort
from bot.core.platforms import CommandNames
from bot.core.progress_report import (
    CohortFigures,
    GroupFigures,
    LeaderFigures,
    ProgressSnapshot,
    ReachProblems,
    Summary,
)
from bot.core.questions import Question
from bot.core.replies.cohort import (
    EVERYONE_REACHED,
    NotReached,
    not_reached_blocks,
    not_reached_summary,
)
from bot.core.replies.outreach import write_to_behind_button
from bot.core.wording import capitalised, clip, day, plural

# Enough names to act on in a message; the export lists everyone.
MAX_BEHIND_LISTED = 40
CSV_HEADER = (
    "Name",
    "Organisation",
    "Seniority",
    "Pace (weeks)",
    "Modules done",
    "Percent done",
    "Status",
    "Modules behind",
)
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
BYTE_ORDER_MARK = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def progress_message(cohort: Cohort, figures: CohortFigures, names: CommandNames) -> Message:
    """Completion overall, by organisation, seniority and pace, and who is behind."""
    overall = figures.summary.overall
    if not overall.leaders:
        return plain(f"No leaders are enrolled in {cohort.name} yet.")
    blocks: list[Block] = [
        Heading(f"Progress: {cohort.name}"),
        Fields(
            (
                ("Leaders", str(overall.leaders)),
                ("Complete", f"{overall.percent}% of all modules"),
                ("On track", str(overall.on_track)),
                ("Behind", str(overall.behind)),
                ("Finished", str(overall.finished)),
                ("Programme", capitalised(_week(cohort, figures.week))),
            )
        ),
        *_breakdown(figures.summary, None),
        *_behind(figures),
        *([Actions((write_to_behind_button(),))] if figures.behind else []),
        Context(
            "On track: every module planned up to last week is done. "
            f"{names.cohort} progress export sends you one row per leader."
        ),
    ]
    return Message(
        f"{cohort.name}, {_week(cohort, figures.week)}: {_totals(overall)}", tuple(blocks)
    )


def digest_message(
    cohort: Cohort,
    week: int,
    figures: CohortFigures,
    previous: ProgressSnapshot | None,
    problems: ReachProblems,
    names: CommandNames,
    overdue: Sequence[tuple[Question, str]] = (),
    not_reached: NotReached = EVERYONE_REACHED,
    last: bool = False,
) -> Message:
    """The weekly digest for the coordinators' channel, with changes since the last one.

    `overdue` holds the questions that have waited too long for a reply, with their age;
    `not_reached` the people the bot cannot write to yet, with what to do about it; the
    `last` digest says that it is, and how to close the cohort.
    """
    lines = _overall_lines(figures.summary.overall, previous.summary.overall if previous else None)
    since = (
        f"Changes since week {previous.week} are in brackets."
        if previous
        else "This is the first digest, so there are no changes to compare yet."
    )
    blocks: list[Block] = [
        Heading(f"Weekly progress: {cohort.name}, week {week}"),
        *([Paragraph(last_digest_note(names))] if last else []),
        Paragraph(since),
        Paragraph("\n".join(lines)),
        *_breakdown(figures.summary, previous.summary if previous else None),
        *_behind(figures),
        *_problems(problems),
        *_overdue(overdue, names),
        *not_reached_blocks(not_reached),
        Context(
            f"{names.cohort} progress shows the figures at any time; "
            f"{names.cohort} progress export sends one row per leader."
        ),
    ]
    text = f"{cohort.name}, week {week}. " + ". ".join(lines) + "."
    return Message(text + not_reached_summary(not_reached), tuple(blocks))


def last_digest_note(names: CommandNames) -> str:
    """What the last digest says first: no more digests, and what to do next."""
    return (
        "This is the last weekly digest: nothing more is planned for the cohort after this "
        f"week. When you are ready, type {names.cohort} close. Leaders get a closing "
        "summary and you get the final report. If you plan more reflection sessions, the "
        "digests start again."
    )


def _overdue(overdue: Sequence[tuple[Question, str]], names: CommandNames) -> list[Block]:
    if not overdue:
        return []
    lead = f"{plural(len(overdue), 'question')} waiting too long for a moderator's reply:"
    items = [
        Item(f"{q.reference}: {clip(q.text, 80)}", f"waiting {waited}") for q, waited in overdue
    ]
    return [Paragraph(lead), *items[:10], Context(f"{names.cohort} questions lists them all.")]


def _overall_lines(now: GroupFigures, before: GroupFigures | None) -> list[str]:
    def line(label: str, figure: Callable[[GroupFigures], int], unit: str = "") -> str:
        shown = f"{figure(now)}%" if unit == "point" else str(figure(now))
        return f"{label}: {shown}{_change(figure(now), figure(before) if before else None, unit)}"

    return [
        line("Leaders", lambda g: g.leaders),
        line("Complete", lambda g: g.percent, "point"),
        line("On track", lambda g: g.on_track),
        line("Behind", lambda g: g.behind),
        line("Finished", lambda g: g.finished),
    ]


def export_message(cohort: Cohort, today: date) -> Message:
    """The comment that goes with the exported file."""
    return plain(f"Progress of {cohort.name} on {day(today)}: one row per leader.")


def export_sent_message(filename: str) -> Message:
    return plain(
        f"I have sent you the file {filename} in a direct message. It has one row per leader."
    )


def export_filename(cohort: Cohort, today: date) -> str:
    return f"{cohort.slug}-progress-{today.isoformat()}.csv"


def progress_csv(leaders: Sequence[LeaderFigures]) -> str:
    """One row per leader, ready for a spreadsheet."""
    return csv_text(
        CSV_HEADER,
        (
            (
                f.name,
                f.organisation,
                f.seniority_label,
                f.pace,
                f.modules_done,
                f.percent,
                f.status.value,
                f.behind_by,
            )
            for f in leaders
        ),
    )


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV that Excel reads as UTF-8 and in which no cell can run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(tuple(_cell(v) for v in row))
    return BYTE_ORDER_MARK + out.getvalue()


def _cell(value: object) -> object:
    """Nothing as an empty cell; text that starts like a formula kept from running as one
    (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _breakdown(now: Summary, before: Summary | None) -> list[Block]:
    sections = (
        ("By organisation", now.by_organisation, before.by_organisation if before else None),
        ("By seniority", now.by_seniority, before.by_seniority if before else None),
        ("By pace", now.by_pace, before.by_pace if before else None),
    )
    blocks: list[Block] = []
    for title, groups, earlier in sections:
        if not groups:
            continue
        previous = {g.key: g for g in earlier} if earlier is not None else None
        lines = [_group_line(g, previous) for g in groups]
        blocks += [Heading(title), Paragraph("\n".join(lines))]
    return blocks


def _group_line(group: GroupFigures, previous: dict[str, GroupFigures] | None) -> str:
    change = ""
    if previous is not None:
        earlier = previous.get(group.key)
        change = _change(group.percent, earlier.percent, "point") if earlier else " (new this week)"
    return (
        f"{group.label}: {plural(group.leaders, 'leader')}, {group.percent}% complete{change}. "
        f"{group.on_track} on track, {group.behind} behind, {group.finished} finished."
    )


def _behind(figures: CohortFigures) -> list[Block]:
    behind = figures.behind
    if not behind:
        return [Heading("Behind the plan"), Paragraph("Nobody is behind the plan.")]
    lines = [
        f"{f.name}, {f.organisation}: {plural(f.behind_by, 'module')} behind"
        for f in behind[:MAX_BEHIND_LISTED]
    ]
    if len(behind) > MAX_BEHIND_LISTED:
        lines.append(f"And {len(behind) - MAX_BEHIND_LISTED} more. The export lists everyone.")
    return [Heading("Behind the plan"), Paragraph("\n".join(lines))]


def _problems(problems: ReachProblems) -> list[Block]:
    if not problems:
        return []
    lines = []
    if problems.unreachable_leaders:
        lines.append(f"Could not reach: {plural(problems.unreachable_leaders, 'leader')}")
    if problems.skipped:
        lines.append(f"Skipped while the bot was down: {plural(problems.skipped, 'reminder')}")
    return [Heading("Reminders that did not arrive"), Paragraph("\n".join(lines))]


def _change(now: int, before: int | None, unit: str = "") -> str:
    """' (up 3)', ' (down 2 points)', ' (no change)'; nothing without an earlier figure."""
    if before is None:
        return ""
    difference = now - before
    if difference == 0:
        return " (no change)"
    amount = plural(abs(difference), unit) if unit else str(abs(difference))
    return f" ({'up' if difference > 0 else 'down'} {amount})"


def _totals(group: GroupFigures) -> str:
    return (
        f"{plural(group.leaders, 'leader')}, {group.percent}% complete. "
        f"{group.on_track} on track, {group.behind} behind, {group.finished} finished."
    )


def _week(cohort: Cohort, week: int) -> str:
    if week == 0:
        return f"starts {day(cohort.start_date)}"
    return f"week {week}"
