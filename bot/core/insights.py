"""What the cohort's data says about the proposal's open questions.

Which organisations and seniority levels took part, whether 3 or 6 weeks worked, how much
time leaders gave each week against the plan, what they asked, and what they made of the
reflection sessions. Pure functions over values already loaded, so the report costs the
same few queries whatever the number of leaders.

Small groups are shown with their size and never compared: with fewer than `MIN_GROUP`
leaders one person moves a percentage by 20 points or more, so no finding rests on them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.model import Cohort, Completion, Curriculum, Member, Organisation
from bot.core.polls import FORMATS, FormatVote, Poll, PollSlot, ReflectionSession, Seat
from bot.core.programme import due_by, week_of, weekly_plan
from bot.core.progress_report import GroupFigures, cohort_figures
from bot.core.question_report import QuestionFigures, question_figures
from bot.core.questions import Question
from bot.core.wording import age, day, duration, plural

MIN_GROUP = 5  # the fewest leaders (or answers) a finding may rest on


def share(part: int, whole: int) -> int | None:
    """`part` as a whole-number percentage of `whole`; None when there is no whole."""
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class Group:
    """One organisation, seniority level or pace (or the whole cohort), with its rates."""

    key: str
    label: str
    leaders: int
    complete: int  # percent of all the modules the group's leaders could do
    on_track: int  # on track, not counting those who finished
    behind: int
    finished: int
    seats: int | None = None  # organisations only

    @property
    def small(self) -> bool:
        """Too few leaders to compare with another group."""
        return self.leaders < MIN_GROUP

    @property
    def on_track_rate(self) -> int | None:
        """Leaders on track or finished, as a percentage of the group."""
        return share(self.on_track + self.finished, self.leaders)

    @property
    def finished_rate(self) -> int | None:
        return share(self.finished, self.leaders)

    @classmethod
    def of(cls, figures: GroupFigures, seats: int | None = None) -> Group:
        return cls(
            figures.key,
            figures.label,
            figures.leaders,
            figures.percent,
            figures.on_track,
            figures.behind,
            figures.finished,
            seats,
        )


@dataclass(frozen=True)
class WeekTime:
    """Module time done in one programme week by the leaders on one pace, against the plan."""

    pace: int
    week: int
    leaders: int
    minutes_done: int  # all the pace's leaders together, each module at its planned length
    planned: int  # one leader's plan for the week

    @property
    def average(self) -> int:
        """Minutes done per leader."""
        return round(self.minutes_done / self.leaders) if self.leaders else 0


@dataclass(frozen=True)
class CompletionSeries:
    """Cumulative completion of one pace's leaders and of its plan, week by week.

    Index 0 is the start (nothing done, nothing planned); index n is the end of week n
    (or this week so far). `actual` stops at this week; `planned` runs to the chart's end.
    """

    pace: int
    leaders: int
    actual: tuple[float, ...]
    planned: tuple[float, ...]

    @property
    def label(self) -> str:
        return f"{self.pace} weeks ({plural(self.leaders, 'leader')})"


@dataclass(frozen=True)
class PollRecord:
    """One poll with what followed it, as loaded for the report."""

    poll: Poll
    slots: tuple[PollSlot, ...] = ()
    format_votes: tuple[FormatVote, ...] = ()
    sessions: tuple[ReflectionSession, ...] = ()
    seats: tuple[Seat, ...] = ()


@dataclass(frozen=True)
class SessionLine:
    poll: str
    starts_at: datetime
    format: str
    seats: int
    attended: int
    missed: int
    ratings: tuple[int, ...]

    @property
    def average_rating(self) -> float | None:
        return sum(self.ratings) / len(self.ratings) if self.ratings else None


@dataclass(frozen=True)
class FormatLine:
    """Every session of one format together."""

    format: str
    sessions: int
    seats: int
    attended: int
    ratings: tuple[int, ...]

    @property
    def attendance(self) -> int | None:
        return share(self.attended, self.seats)

    @property
    def average_rating(self) -> float | None:
        return sum(self.ratings) / len(self.ratings) if self.ratings else None


@dataclass(frozen=True)
class Insights:
    cohort: Cohort
    today: date
    week: int  # the programme week: 0 before the start
    course_over: bool  # every leader's pace has ended
    overall: Group
    by_pace: tuple[Group, ...]
    by_seniority: tuple[Group, ...]
    by_organisation: tuple[Group, ...]  # every organisation in the cohort file, and others
    time: tuple[WeekTime, ...]
    series: tuple[CompletionSeries, ...]
    questions: QuestionFigures
    formats: tuple[tuple[str, int], ...]  # the latest choice of each leader, most chosen first
    sessions: tuple[SessionLine, ...]
    by_format: tuple[FormatLine, ...]
    findings: tuple[str, ...]

    @property
    def chart_title(self) -> str:
        return f"{self.cohort.name}: modules done against the plan, by pace"


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
    mine = [c for c in completions if c.enrolment_id in leaders and c.completed_at <= now]
    done: dict[int, set[str]] = {}
    for c in mine:
        done.setdefault(c.enrolment_id, set()).add(c.module_id)
    figures = cohort_figures(
        curriculum,
        cohort,
        members,
        {e: frozenset(ids) for e, ids in done.items()},
        organisations,
        today,
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
    return _with_findings(insights)


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
        Group.of(found[o.id], o.seats)
        if o.id in found
        else Group(o.id, o.name, 0, 0, 0, 0, 0, o.seats)
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
        slots = {s.id: s for s in record.slots}
        for session in record.sessions:
            slot = slots.get(session.slot_id)
            if slot is None:
                continue
            seats = [s for s in record.seats if s.session_id == session.id]
            lines.append(
                SessionLine(
                    record.poll.title,
                    slot.starts_at,
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


# Headline findings --------------------------------------------------------------------


def _with_findings(insights: Insights) -> Insights:
    if not insights.overall.leaders:
        return replace(insights, findings=tuple(_overall_findings(insights)))
    findings = [
        *_overall_findings(insights),
        *_pace_findings(insights),
        *_time_findings(insights),
        *_seniority_findings(insights),
        *_organisation_findings(insights),
        *_question_findings(insights.questions),
        *_format_findings(insights.formats),
        *_session_findings(insights.sessions, insights.by_format),
    ]
    return replace(insights, findings=tuple(findings))


def _overall_findings(i: Insights) -> list[str]:
    overall = i.overall
    if not overall.leaders:
        return ["No leaders are enrolled yet, so there is nothing to report."]
    organisations = sum(1 for g in i.by_organisation if g.leaders and g.seats is not None)
    where = f" from {plural(organisations, 'organisation')}" if organisations else ""
    enrolled = f"{plural(overall.leaders, 'leader')} {_be(overall.leaders)} enrolled{where}."
    if i.week == 0:
        return [f"{enrolled} The course starts on {day(i.cohort.start_date)}."]
    return [
        f"{enrolled} Between them they have done {overall.complete}% of the course: "
        f"{overall.finished} finished, {overall.on_track} on track and {overall.behind} behind."
    ]


def _pace_findings(i: Insights) -> list[str]:
    if i.week == 0 or not i.overall.leaders:
        return []
    groups = {g.key: g for g in i.by_pace}
    three, six = groups.get("3"), groups.get("6")
    if three is None or six is None:
        only = next(iter(groups.values()))
        return [
            f"Every leader is on the {only.key}-week pace, so the two paces cannot be compared."
        ]
    if six.small and three.small:
        return [
            f"Only {plural(six.leaders, 'leader')} {_be(six.leaders)} on the 6-week pace and "
            f"{three.leaders} on the 3-week pace: too few to compare the two paces."
        ]
    for g in (six, three):
        if g.small:
            return [
                f"Only {plural(g.leaders, 'leader')} {_be(g.leaders)} on the {g.key}-week pace: "
                "too few to compare the two paces."
            ]
    if i.course_over:
        return [
            f"Leaders on the 6-week pace finished at {six.complete}%, those on 3 weeks at "
            f"{three.complete}% ({six.leaders} and {three.leaders} leaders).",
            f"{_rate(six.finished_rate)} of leaders on 6 weeks did every module, "
            f"against {_rate(three.finished_rate)} on 3 weeks.",
        ]
    return [
        f"{_rate(six.on_track_rate)} of leaders on the 6-week pace are on track or finished, "
        f"against {_rate(three.on_track_rate)} on 3 weeks "
        f"({six.leaders} and {three.leaders} leaders)."
    ]


def _time_findings(i: Insights) -> list[str]:
    findings = []
    for group in i.by_pace:
        pace = int(group.key)
        weeks = [t for t in i.time if t.pace == pace and t.week < i.week and t.week <= pace]
        if group.small or not weeks:
            continue
        done = sum(t.minutes_done for t in weeks) / (group.leaders * len(weeks))
        planned = sum(t.planned for t in weeks) / len(weeks)
        findings.append(
            f"On the {pace}-week pace, leaders did about {duration(round(done))} of modules "
            f"a week, against {duration(round(planned))} planned."
        )
    return findings


def _seniority_findings(i: Insights) -> list[str]:
    leaders = i.overall.leaders
    if not leaders:
        return []
    largest = max(g.leaders for g in i.by_seniority)
    top = [g.label for g in i.by_seniority if g.leaders == largest]
    if len(top) == 1:
        mix = f"The largest seniority group is {top[0]}: {largest} of {leaders} leaders."
    elif len(top) == len(i.by_seniority):
        mix = (
            f"Leaders are spread evenly over {len(top)} seniority levels, "
            f"{plural(largest, 'leader')} each."
        )
    else:
        mix = f"The largest seniority groups are {_and(top)}, {plural(largest, 'leader')} each."
    return [mix, *_compare(i, i.by_seniority, "seniority levels")]


def _organisation_findings(i: Insights) -> list[str]:
    listed = [g for g in i.by_organisation if g.seats is not None]
    if not listed or not i.overall.leaders:
        return []
    taking_part = sum(1 for g in listed if g.leaders)
    full = sum(1 for g in listed if g.seats and g.leaders >= g.seats)
    empty = len(listed) - taking_part
    text = f"Leaders come from {taking_part} of {plural(len(listed), 'organisation')}. "
    if full == 1:
        text += "1 has filled all its seats"
    elif full:
        text += f"{full} have filled all their seats"
    else:
        text += "None has filled all its seats"
    text += f"; {empty} {_have(empty)} no leader yet." if empty else "."
    return [text, *_compare(i, [g for g in i.by_organisation if g.leaders], "organisations")]


def _compare(i: Insights, groups: Sequence[Group], what: str) -> list[str]:
    """The highest and lowest of the groups big enough to compare, or why there are none."""
    if i.week == 0:
        return []
    big = [g for g in groups if not g.small]
    if len(big) < 2:
        few = len(groups) - len(big)
        if len(groups) < 2:
            return []
        return [
            f"{_capital(what)} are not compared: {few} of {len(groups)} have fewer than "
            f"{MIN_GROUP} leaders."
        ]
    measure: Callable[[Group], int]
    if i.course_over:
        measure, verb = (lambda g: g.complete), "did"
        most, least = "the most of the course", "the least"
    else:
        measure, verb = (lambda g: g.on_track_rate or 0), "had"
        most, least = "the most leaders on track", "the fewest"
    ranked = sorted(big, key=lambda g: (-measure(g), g.label))
    high, low = ranked[0], ranked[-1]
    note = f" {plural(len(groups) - len(big), 'group')} with fewer than {MIN_GROUP} leaders "
    note += "are left out." if len(groups) - len(big) != 1 else "is left out."
    left_out = note if len(groups) > len(big) else ""
    if measure(high) == measure(low):
        return [
            f"Among {what} with {MIN_GROUP} or more leaders, all {verb} about the same "
            f"({measure(high)}%).{left_out}"
        ]
    return [
        f"Among {what} with {MIN_GROUP} or more leaders, {high.label} {verb} {most} "
        f"({measure(high)}%, {high.leaders} leaders) and {low.label} {least} "
        f"({measure(low)}%, {low.leaders} leaders).{left_out}"
    ]


def _question_findings(q: QuestionFigures) -> list[str]:
    if not q.total:
        return ["No questions have been asked yet."]
    asked = f"Leaders asked {plural(q.total, 'question')}"
    asked += f", {q.anonymous} of them anonymously." if q.anonymous else "."
    findings = [asked]
    modules = [(name, n) for name, n in q.by_module if name != "No module given"]
    if modules and modules[0][1] >= 2 and (len(modules) == 1 or modules[0][1] > modules[1][1]):
        number, _, title = modules[0][0].partition(". ")
        findings.append(
            f"The most asked about was module {number}, {title} "
            f"({plural(modules[0][1], 'question')})."
        )
    if q.first_answer is not None and q.answered >= MIN_GROUP:
        findings.append(
            f"Half of the {q.answered} questions answered had a first reply within "
            f"{age(q.first_answer)}."
        )
    elif q.answered:
        findings.append(
            f"Only {plural(q.answered, 'question')} {_have(q.answered)} had a reply: "
            "too few for a typical time to answer."
        )
    return findings


def _format_findings(formats: Sequence[tuple[str, int]]) -> list[str]:
    total = sum(n for _, n in formats)
    if not total:
        return []
    if total < MIN_GROUP:
        return [
            f"Only {plural(total, 'leader')} {_have(total)} said which format they prefer "
            "for reflection sessions: too few to draw a conclusion."
        ]
    most = formats[0][1]
    top = [_format_name(name) for name, n in formats if n == most]
    if len(top) > 1:
        return [
            f"For reflection sessions, {_and(top)} were equally popular "
            f"({most} of {total} leaders each)."
        ]
    return [
        f"Asked which format they prefer for reflection sessions, {most} of {total} leaders "
        f"chose {top[0]} ({share(most, total)}%)."
    ]


def _session_findings(
    sessions: Sequence[SessionLine], by_format: Sequence[FormatLine]
) -> list[str]:
    seats = sum(s.seats for s in sessions)
    if not seats:
        return []
    if seats < MIN_GROUP:
        return [
            f"Only {plural(seats, 'leader')} had a place at a reflection session: "
            "too few to draw a conclusion."
        ]
    attended = sum(s.attended for s in sessions)
    missed = sum(s.missed for s in sessions)
    findings = [
        f"{attended} of {seats} leaders with a place at a reflection session said they "
        f"attended ({share(attended, seats)}%); {missed} said they missed it."
    ]
    ratings = [r for s in sessions for r in s.ratings]
    if len(ratings) >= MIN_GROUP:
        findings.append(
            f"They rated the sessions {sum(ratings) / len(ratings):.1f} out of 5 on average "
            f"({len(ratings)} ratings)."
        )
    elif ratings:
        findings.append(
            f"Only {plural(len(ratings), 'leader')} rated a session: too few for an average."
        )
    rated = [f for f in by_format if len(f.ratings) >= MIN_GROUP]
    if len(rated) >= 2:
        parts = [
            f"{_format_name(f.format)} sessions {f.average_rating:.1f} ({len(f.ratings)} ratings)"
            for f in sorted(rated, key=lambda f: -(f.average_rating or 0))
        ]
        findings.append(f"By format, leaders rated {_and(parts)}.")
    return findings


def _rate(value: int | None) -> str:
    return f"{value}%" if value is not None else "none"


def _be(count: int) -> str:
    return "is" if count == 1 else "are"


def _have(count: int) -> str:
    return "has" if count == 1 else "have"


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _format_name(name: str) -> str:
    """The bot's own format names read in lower case mid-sentence ("chose online")."""
    return name.lower() if name in FORMATS else name
