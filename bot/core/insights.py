"""What the cohort's data says about the proposal's open questions.

Which organisations and seniority levels took part, whether 3 or 6 weeks worked, how much
time leaders gave each week against the plan, what they asked, and what they made of the
reflection sessions. Pure functions over values already loaded, so the report costs the
same few queries whatever the number of leaders.

The figures are in `insight_figures`, the headline findings in `findings`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.findings import with_findings
from bot.core.insight_figures import (
    CompletionSeries,
    FormatLine,
    Group,
    Insights,
    PollRecord,
    SessionLine,
    WeekTime,
)
from bot.core.model import Cohort, Completion, Curriculum, Member, Organisation
from bot.core.programme import due_by, week_of, weekly_plan
from bot.core.progress_report import (
    GroupFigures,
    cohort_figures,
    done_by_enrolment,
    recorded_by,
)
from bot.core.question_report import question_figures
from bot.core.questions import Question


def cohort_insights(
    curriculum: Curriculum,
    cohort: Cohort,
    members: Sequence[Member],
    completions: Sequence[Completion],
    organisations: Sequence[Organisation],
    questions: Sequence[Question],
    polls: Sequence[PollRecord],
    now: datetime,
) -> Insights:
    """Everything the report shows, and its headline findings, from loaded values.

    `members` are the cohort's active leaders; completions of anyone else, or recorded
    after `now`, are ignored.
    """
    zone = ZoneInfo(cohort.time_zone)
    today = now.astimezone(zone).date()
    leaders = {m.enrolment.id: m for m in members if m.enrolment.id is not None}
    # Only what was done by `now`, so a report "as at" an earlier moment is that moment's.
    mine = [c for c in recorded_by(completions, now) if c.enrolment_id in leaders]
    figures = cohort_figures(
        curriculum, cohort, members, done_by_enrolment(mine), organisations, today
    )
    summary = figures.summary
    week = figures.week
    paces = {m.enrolment.id or 0: f.pace for m, f in zip(members, figures.leaders, strict=True)}
    weeks_done = _completion_weeks(curriculum, cohort, mine, paces, zone)
    longest = max(paces.values(), default=cohort.default_pace)
    by_pace = tuple(Group.of(g) for g in summary.by_pace)
    spent = _time_per_week(curriculum, by_pace, weeks_done, week)
    series = _series(curriculum, by_pace, weeks_done, week)
    asked = question_figures(questions, curriculum, {}, now)
    formats = _format_choices(polls)
    sessions, by_format = _sessions(polls)
    insights = Insights(
        cohort=cohort,
        today=today,
        week=week,
        course_over=week > longest,
        overall=Group.of(summary.overall),
        by_pace=by_pace,
        by_seniority=tuple(Group.of(g) for g in summary.by_seniority),
        by_organisation=_organisations(summary.by_organisation, organisations),
        time=spent,
        series=series,
        questions=asked,
        formats=formats,
        sessions=sessions,
        by_format=by_format,
        findings=(),
    )
    return with_findings(insights)


# A completion as the report counts it: the leader's pace, the programme week, the minutes.
_Done = tuple[int, int, int]


def _completion_weeks(
    curriculum: Curriculum,
    cohort: Cohort,
    completions: Sequence[Completion],
    paces: Mapping[int, int],
    zone: ZoneInfo,
) -> list[_Done]:
    """Each completion's pace, week (work before the start counts in week 1) and minutes."""
    minutes = {m.id: m.minutes for m in curriculum.modules}
    if not completions:
        return []
    # Midnight in the cohort's zone starting weeks 2, 3, ...: a bisection per completion
    # instead of a time-zone conversion, which matters with tens of thousands of them.
    latest = max(c.completed_at for c in completions).astimezone(zone).date()
    weeks = max(week_of(cohort.start_date, latest), 1)
    starts = [
        datetime.combine(cohort.start_date + timedelta(weeks=n), time(0), zone)
        for n in range(1, weeks)
    ]
    return [
        (paces[c.enrolment_id], bisect_right(starts, c.completed_at) + 1, minutes[c.module_id])
        for c in completions
        if c.module_id in minutes  # not a module taken out of the curriculum since
    ]


def _time_per_week(
    curriculum: Curriculum, paces: Sequence[Group], done: Sequence[_Done], week: int
) -> tuple[WeekTime, ...]:
    """Minutes done per pace and week, from week 1 to this week (or the pace's end)."""
    rows = []
    for group in paces:
        pace = int(group.key)
        plan = weekly_plan(curriculum.modules, pace)
        mine = [(w, m) for p, w, m in done if p == pace]
        busiest = max((w for w, _ in mine), default=0)
        last = min(max(week, 1 if mine else 0), max(pace, busiest))
        for number in range(1, last + 1):
            rows.append(
                WeekTime(
                    pace,
                    number,
                    group.leaders,
                    sum(m for w, m in mine if w == number),
                    plan[number - 1].minutes if number <= pace else 0,
                    in_progress=number == week,
                )
            )
    return tuple(rows)


def _series(
    curriculum: Curriculum, paces: Sequence[Group], done: Sequence[_Done], week: int
) -> tuple[CompletionSeries, ...]:
    """Cumulative percent of modules done, and planned, for each pace."""
    modules = len(curriculum.modules)
    busiest = max((w for _, w, _ in done), default=0)
    longest = max((int(g.key) for g in paces), default=0)
    end = max(longest, min(week, busiest))
    series = []
    for group in paces:
        pace = int(group.key)
        plan = weekly_plan(curriculum.modules, pace)
        planned = tuple(
            _percent(len(due_by(plan, w)), modules) for w in range(end + 1)
        )  # flat at 100 after the pace's last week
        counts = Counter(w for p, w, _ in done if p == pace)
        actual, total = [0.0], 0
        for w in range(1, min(week, end) + 1):
            total += counts[w]
            actual.append(_percent(total, modules * group.leaders))
        series.append(CompletionSeries(pace, group.leaders, tuple(actual), planned))
    return tuple(series)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _organisations(
    groups: Sequence[GroupFigures], organisations: Sequence[Organisation]
) -> tuple[Group, ...]:
    """Every organisation in the cohort file, with or without leaders, then any others."""
    found = {g.key: g for g in groups}
    listed = tuple(
        Group.of(found[o.id], o.seats) if o.id in found else Group(o.id, o.name, seats=o.seats)
        for o in organisations
    )
    known = {o.id for o in organisations}
    return listed + tuple(Group.of(g) for g in groups if g.key not in known)


def _format_choices(polls: Sequence[PollRecord]) -> tuple[tuple[str, int], ...]:
    """Each leader's format choice from the newest poll they answered, counted."""
    chosen: dict[int, str] = {}
    for record in sorted(polls, key=lambda r: (r.poll.created_at, r.poll.id or 0), reverse=True):
        for vote in record.format_votes:
            chosen.setdefault(vote.person_id, vote.choice)
    counts = Counter(chosen.values())
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _sessions(
    polls: Sequence[PollRecord],
) -> tuple[tuple[SessionLine, ...], tuple[FormatLine, ...]]:
    lines = []
    for record in polls:
        for session in record.sessions:
            if session.cancelled:  # nobody could attend it: it says nothing of the format
                continue
            seats = [s for s in record.seats if s.session_id == session.id]
            lines.append(
                SessionLine(
                    record.poll.title,
                    session.starts_at,
                    session.format or "Not given",
                    len(seats),
                    sum(1 for s in seats if s.attended is True),
                    sum(1 for s in seats if s.attended is False),
                    tuple(s.rating for s in seats if s.rating is not None),
                )
            )
    lines.sort(key=lambda line: line.starts_at)
    formats: dict[str, list[SessionLine]] = {}
    for line in lines:
        formats.setdefault(line.format, []).append(line)
    by_format = tuple(
        FormatLine(
            name,
            len(group),
            sum(g.seats for g in group),
            sum(g.attended for g in group),
            tuple(r for g in group for r in g.ratings),
        )
        for name, group in sorted(formats.items(), key=lambda item: -sum(g.seats for g in item[1]))
    )
    return tuple(lines), by_format
