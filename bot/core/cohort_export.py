"""All of a cohort's data as CSV files, for the coordinators' own analysis.

One file per kind of record, joined by "Leader id" (the person's id in the bot). An
anonymous question carries neither the asker's name nor their id, so no file can be
joined to find out who asked it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.insight_figures import PollRecord
from bot.core.model import Cohort, Completion, Curriculum, Member, Organisation
from bot.core.polls import Vote
from bot.core.programme import week_of
from bot.core.progress_report import cohort_figures, done_by_enrolment, recorded_by
from bot.core.questions import Question
from bot.core.replies.reports import csv_text

# A completion of a module taken out of the course file: kept, but counted nowhere.
RETIRED = "(no longer in the course file)"


@dataclass(frozen=True)
class ExportData:
    """What the report and the export read, in a fixed number of queries (a few more per
    poll); only the export needs the polls' votes."""

    cohort: Cohort
    members: Sequence[Member]  # the active leaders
    completions: Sequence[Completion]
    organisations: Sequence[Organisation]
    questions: Sequence[Question]
    polls: Sequence[PollRecord]
    votes: Mapping[int, Sequence[Vote]] = field(default_factory=dict)  # by poll id


def export_files(curriculum: Curriculum, data: ExportData, now: datetime) -> dict[str, str]:
    """File name to CSV text, in the order a reader would open them, as at `now`."""
    cohort = data.cohort
    zone = ZoneInfo(cohort.time_zone)
    today = now.astimezone(zone).date()
    names = {m.person.id: m.person.display_name for m in data.members}
    people = {m.enrolment.id: m.person for m in data.members}

    def local(at: datetime | None) -> str:
        return at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if at else ""

    def name(person_id: int) -> str:
        return names.get(person_id, "")

    completions = recorded_by(data.completions, now)
    done = done_by_enrolment(completions)
    figures = cohort_figures(curriculum, cohort, data.members, done, data.organisations, today)
    modules = {m.id: (n, m) for n, m in enumerate(curriculum.modules, 1)}
    minutes = {
        e: sum(modules[i][1].minutes for i in ids if i in modules) for e, ids in done.items()
    }
    zone_note = f" ({cohort.time_zone})"
    files: dict[str, str] = {}
    files["leaders.csv"] = csv_text(
        (
            "Leader id",
            "Name",
            "Organisation",
            "Seniority",
            "Pace (weeks)",
            "Pace chosen",
            "Joined" + zone_note,
            "Modules done",
            "Percent done",
            "Minutes done",
            "Status",
            "Modules behind",
        ),
        (
            (
                m.person.id,
                f.name,
                f.organisation,
                f.seniority_label,
                f.pace,
                "yes" if m.enrolment.pace else "no (the cohort's default)",
                local(m.enrolment.joined_at),
                f.modules_done,
                f.percent,
                minutes.get(m.enrolment.id or 0, 0),
                f.status.value,
                f.behind_by,
            )
            for m, f in zip(data.members, figures.leaders, strict=True)
        ),
    )
    counts = {g.key: g.leaders for g in figures.summary.by_organisation}
    files["organisations.csv"] = csv_text(
        ("Organisation id", "Name", "Seats", "Leaders"),
        ((o.id, o.name, o.seats, counts.get(o.id, 0)) for o in data.organisations),
    )
    files["completions.csv"] = csv_text(
        (
            "Leader id",
            "Name",
            "Module number",
            "Module id",
            "Module",
            "Minutes",
            "Programme week",
            "Completed at" + zone_note,
            "Recorded with",
        ),
        (
            (
                person.id,
                person.display_name,
                modules[c.module_id][0] if c.module_id in modules else "",
                c.module_id,
                modules[c.module_id][1].title if c.module_id in modules else RETIRED,
                modules[c.module_id][1].minutes if c.module_id in modules else "",
                week_of(cohort.start_date, c.completed_at.astimezone(zone).date()),
                local(c.completed_at),
                c.source,
            )
            for c in completions
            if (person := people.get(c.enrolment_id)) is not None
        ),
    )
    files["questions.csv"] = csv_text(
        (
            "Question id",
            "Asked at" + zone_note,
            "Module number",
            "Module",
            "Anonymous",
            "Leader id",
            "Asker",
            "Status",
            "First reply at" + zone_note,
            "Hours to first reply",
            "Published",
            "Question",
        ),
        (
            (
                q.id,
                local(q.asked_at),
                modules[q.module_id][0] if q.module_id in modules else "",
                modules[q.module_id][1].title if q.module_id in modules else "",
                "yes" if q.anonymous else "no",
                "" if q.anonymous else q.asker_id,
                "" if q.anonymous else name(q.asker_id),
                q.status.value,
                local(q.first_reply_at),
                round((q.first_reply_at - q.asked_at).total_seconds() / 3600, 1)
                if q.first_reply_at
                else "",
                "yes" if q.published_at else "no",
                q.text,
            )
            for q in data.questions
        ),
    )
    slots = {s.id: s for record in data.polls for s in record.slots}
    files["poll-votes.csv"] = csv_text(
        (
            "Poll id",
            "Poll",
            "Slot starts" + zone_note,
            "Minutes",
            "Leader id",
            "Name",
            "Answer",
        ),
        (
            (
                record.poll.id,
                record.poll.title,
                local(slots[v.slot_id].starts_at) if v.slot_id in slots else "",
                slots[v.slot_id].minutes if v.slot_id in slots else "",
                v.person_id,
                name(v.person_id),
                v.availability.value,
            )
            for record in data.polls
            for v in data.votes.get(record.poll.id or 0, ())
        ),
    )
    files["format-votes.csv"] = csv_text(
        ("Poll id", "Poll", "Leader id", "Name", "Format"),
        (
            (record.poll.id, record.poll.title, v.person_id, name(v.person_id), v.choice)
            for record in data.polls
            for v in record.format_votes
        ),
    )
    sessions = [(record, s) for record in data.polls for s in record.sessions]
    files["sessions.csv"] = csv_text(
        (
            "Session id",
            "Poll",
            "Starts" + zone_note,
            "Minutes",
            "Format",
            "Place",
            "Places",
            "Cancelled",
        ),
        (
            (
                s.id,
                record.poll.title,
                local(s.starts_at),
                s.minutes,
                s.format,
                s.place,
                sum(1 for seat in record.seats if seat.session_id == s.id),
                "yes" if s.cancelled else "no",
            )
            for record, s in sessions
        ),
    )
    files["seats.csv"] = csv_text(
        ("Session id", "Leader id", "Name", "Attended", "Rating", "Comment"),
        (
            (
                seat.session_id,
                seat.person_id,
                name(seat.person_id),
                "" if seat.attended is None else "yes" if seat.attended else "no",
                seat.rating,
                seat.comment,
            )
            for record in data.polls
            for seat in record.seats
        ),
    )
    return files
