"""The insights report: as a message for `/cohort report`, as Markdown and CSV for the
command line, and the chart that goes with the weekly digest."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from bot.core.insight_figures import MIN_GROUP, Group, Insights, SessionLine, WeekTime
from bot.core.messages import Block, Context, Heading, Message, Paragraph, plain
from bot.core.outgoing import Attachment
from bot.core.platforms import CommandNames
from bot.core.replies.reports import csv_text
from bot.core.wording import age, day, duration, plural

MAX_MODULES_LISTED = 10
MAX_SESSIONS_LISTED = 10
SMALL = f"Fewer than {MIN_GROUP} leaders: too few to compare."
CSV_HEADER = ("Section", "Group", "Measure", "Value", "Leaders in group", "Note")


def report_message(insights: Insights, names: CommandNames) -> Message:
    """Headline findings, then the figures behind them, in one message."""
    title = f"Report: {insights.cohort.name}"
    findings = insights.findings
    if not insights.overall.leaders:
        return Message(findings[0], (Heading(title), Paragraph(findings[0])))
    blocks: list[Block] = [
        Heading(title),
        Paragraph(_when(insights)),
        Heading("Headline findings"),
        Paragraph("\n".join(f"• {f}" for f in findings)),
    ]
    for heading, lines in _sections(insights):
        if lines:
            blocks += [Heading(heading), Paragraph("\n".join(lines))]
    blocks.append(
        Context(
            f"Percentages of a group of fewer than {MIN_GROUP} leaders move a lot with one "
            "person, so such groups are shown but never compared. Time spent counts each "
            f"module done at its planned length. {names.cohort} progress lists who is behind."
        )
    )
    return Message(f"{title}. " + " ".join(findings[:3]), tuple(blocks))


def _when(i: Insights) -> str:
    week = f"week {i.week}" if i.week else "before the course starts"
    return f"Figures on {day(i.today)}, {week}."


def _sections(i: Insights) -> list[tuple[str, list[str]]]:
    zone = ZoneInfo(i.cohort.time_zone)
    return [
        ("By pace", [_group_line(g) for g in i.by_pace]),
        ("By seniority", [_group_line(g) for g in i.by_seniority]),
        ("By organisation", [_group_line(g) for g in i.by_organisation]),
        ("Time spent per week against the plan", [_time_line(t) for t in i.time]),
        ("Questions", _question_lines(i)),
        ("Reflection sessions", _session_lines(i, zone)),
    ]


def _group_line(g: Group) -> str:
    seats = f" ({plural(g.seats, 'seat')})" if g.seats is not None else ""
    if not g.leaders:
        return f"{g.label}: no leaders{seats}."
    line = (
        f"{g.label}: {plural(g.leaders, 'leader')}{seats}. {g.complete}% of the course done; "
        f"{g.on_track_rate}% on track or finished; {g.finished} finished."
    )
    return f"{line} {SMALL}" if g.small else line


def _time_line(t: WeekTime) -> str:
    planned = f"against {duration(t.planned)} planned" if t.planned else "after the plan's end"
    return f"{t.pace} weeks, week {t.week_label}: {duration(t.average)} a leader, {planned}."


def _question_lines(i: Insights) -> list[str]:
    q = i.questions
    if not q.total:
        return ["No questions yet."]
    lines = [
        f"{plural(q.total, 'question')}, {q.anonymous} anonymous, {q.answered} answered. "
        + (
            f"Median time to a first reply: {age(q.first_answer)}."
            if q.first_answer is not None
            else "No replies yet."
        )
    ]
    lines += [f"{name}: {n}" for name, n in q.by_module[:MAX_MODULES_LISTED]]
    if len(q.by_module) > MAX_MODULES_LISTED:
        lines.append(f"And {plural(len(q.by_module) - MAX_MODULES_LISTED, 'more module')}.")
    return lines


def _session_lines(i: Insights, zone: ZoneInfo) -> list[str]:
    lines = []
    if i.formats:
        total = sum(n for _, n in i.formats)
        votes = ", ".join(f"{name} {n}" for name, n in i.formats)
        lines.append(f"Preferred format ({plural(total, 'leader')}): {votes}.")
    lines += [_session_line(s, zone) for s in i.sessions[:MAX_SESSIONS_LISTED]]
    if len(i.sessions) > MAX_SESSIONS_LISTED:
        lines.append(f"And {plural(len(i.sessions) - MAX_SESSIONS_LISTED, 'more session')}.")
    if len(i.by_format) > 1:
        for f in i.by_format:
            rating = _rating(f.average_rating, len(f.ratings))
            lines.append(
                f"{f.format}: {plural(f.sessions, 'session')}, {plural(f.seats, 'place')}, "
                f"{f.attended} attended ({f.attendance}%); {rating}."
            )
    if not lines:
        lines.append("No format votes or sessions yet.")
    return lines


def _session_line(s: SessionLine, zone: ZoneInfo) -> str:
    local = s.starts_at.astimezone(zone)
    return (
        f"{day(local.date())}, {local:%H:%M}, {s.format}: {plural(s.seats, 'place')}, "
        f"{s.attended} attended, {s.missed} missed; {_rating(s.average_rating, len(s.ratings))}."
    )


def _rating(average: float | None, count: int) -> str:
    if average is None:
        return "no ratings yet"
    return f"average rating {average:.1f} from {plural(count, 'rating')}"


# Markdown -----------------------------------------------------------------------------


def report_markdown(i: Insights) -> str:
    """The report as Markdown, for the command line and for pasting into a document."""
    zone = ZoneInfo(i.cohort.time_zone)
    out = [f"# Report: {i.cohort.name}", "", _when(i), "", "## Headline findings", ""]
    out += [f"- {_md(f)}" for f in i.findings]
    group_header = ("Group", "Leaders", "Complete", "On track or finished", "Finished", "Note")
    for title, groups in (
        ("By pace", i.by_pace),
        ("By seniority", i.by_seniority),
        ("By organisation", i.by_organisation),
    ):
        if not groups:
            continue
        seats = title == "By organisation"
        header = (*group_header[:2], "Seats", *group_header[2:]) if seats else group_header
        out += ["", f"## {title}", "", *_table(header, (_group_row(g, seats) for g in groups))]
    if i.time:
        out += [
            "",
            "## Time spent per week against the plan",
            "",
            "Minutes of modules done per leader, each module at its planned length.",
            "",
            *_table(
                ("Pace", "Week", "Leaders", "Minutes done per leader", "Minutes planned"),
                (
                    (
                        f"{t.pace} weeks",
                        t.week_label,
                        str(t.leaders),
                        str(t.average),
                        str(t.planned),
                    )
                    for t in i.time
                ),
            ),
        ]
    out += ["", "## Questions", "", *(f"- {_md(line)}" for line in _question_lines(i))]
    out += ["", "## Reflection sessions", ""]
    if i.formats:
        out += [*_table(("Format", "Leaders who prefer it"), ((f, str(n)) for f, n in i.formats))]
        out.append("")
    if i.sessions:
        out += _table(
            ("Session", "Format", "Places", "Attended", "Missed", "Ratings", "Average rating"),
            (
                (
                    _md(_local(s, zone)),
                    _md(s.format),
                    str(s.seats),
                    str(s.attended),
                    str(s.missed),
                    str(len(s.ratings)),
                    f"{s.average_rating:.1f}" if s.average_rating is not None else "",
                )
                for s in i.sessions
            ),
        )
    if not i.formats and not i.sessions:
        out.append("No format votes or sessions yet.")
    out += [
        "",
        f"Groups of fewer than {MIN_GROUP} leaders are shown but not compared.",
    ]
    return "\n".join(out) + "\n"


def _group_row(g: Group, seats: bool) -> tuple[str, ...]:
    row = [_md(g.label), str(g.leaders)]
    if seats:
        row.append("" if g.seats is None else str(g.seats))
    if g.leaders:
        row += [f"{g.complete}%", f"{g.on_track_rate}%", str(g.finished)]
    else:
        row += ["", "", ""]
    row.append("too few to compare" if g.small and g.leaders else "")
    return tuple(row)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown table; columns of figures are aligned right."""
    body = [list(row) for row in rows]
    aligns = [
        "---:" if any(row[n] for row in body) and all(_figure(row[n]) for row in body) else "---"
        for n in range(len(header))
    ]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return lines


def _figure(cell: str) -> bool:
    return cell.removesuffix("%").replace(".", "", 1).isdigit() or not cell


def _md(text: str) -> str:
    """Keep a name from breaking a table or turning into markup."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def _local(s: SessionLine, zone: ZoneInfo) -> str:
    local = s.starts_at.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M}"


# CSV ----------------------------------------------------------------------------------


def report_csv(i: Insights) -> str:
    """The figures in long form (one figure a row), for a pivot table."""
    rows: list[tuple[object, ...]] = []
    for section, groups in (
        ("Pace", i.by_pace),
        ("Seniority", i.by_seniority),
        ("Organisation", i.by_organisation),
    ):
        for g in groups:
            note = "too few to compare" if g.small and g.leaders else ""
            measures: list[tuple[str, object]] = [("Leaders", g.leaders)]
            if g.seats is not None:
                measures.append(("Seats", g.seats))
            if g.leaders:
                measures += [
                    ("Percent complete", g.complete),
                    ("Percent on track or finished", g.on_track_rate),
                    ("On track", g.on_track),
                    ("Behind", g.behind),
                    ("Finished", g.finished),
                ]
            rows += [(section, g.label, m, v, g.leaders, note) for m, v in measures]
    for t in i.time:
        group = f"{t.pace} weeks, week {t.week_label}"
        rows += [
            ("Time per week", group, "Minutes done per leader", t.average, t.leaders, ""),
            ("Time per week", group, "Minutes planned", t.planned, t.leaders, ""),
        ]
    q = i.questions
    rows += [
        ("Questions", "All", "Questions", q.total, "", ""),
        ("Questions", "All", "Anonymous", q.anonymous, "", ""),
        ("Questions", "All", "Answered", q.answered, "", ""),
    ]
    if q.first_answer is not None:
        hours = round(q.first_answer.total_seconds() / 3600, 1)
        rows.append(("Questions", "All", "Median hours to a first reply", hours, "", ""))
    rows += [("Questions by module", name, "Questions", n, "", "") for name, n in q.by_module]
    rows += [("Format votes", name, "Leaders", n, "", "") for name, n in i.formats]
    zone = ZoneInfo(i.cohort.time_zone)
    for s in i.sessions:
        group = f"{_local(s, zone)} {s.format}"
        rows += [
            ("Sessions", group, "Places", s.seats, "", ""),
            ("Sessions", group, "Attended", s.attended, "", ""),
            ("Sessions", group, "Missed", s.missed, "", ""),
            ("Sessions", group, "Ratings", len(s.ratings), "", ""),
        ]
        if s.average_rating is not None:
            rows.append(("Sessions", group, "Average rating", round(s.average_rating, 2), "", ""))
    return csv_text(CSV_HEADER, rows)


# The chart ----------------------------------------------------------------------------


def chart_filename(i: Insights) -> str:
    return f"{i.cohort.slug}-completion-week-{i.week}.png"


def chart_message(i: Insights) -> Message:
    """The comment that goes with the chart in the coordinators' channel."""
    return plain(
        f"Modules done against the plan, by pace, week by week ({i.cohort.name}, "
        f"week {i.week}). The dashed lines are the plan."
    )


def chart_attachment(i: Insights, png: bytes) -> Attachment:
    """The chart as a file, to go with `chart_message`."""
    return Attachment.binary(chart_filename(i), png)
