"""Headline findings in plain English, worked out from the report's figures.

A finding never rests on a group under `MIN_GROUP`: such groups are named as too small.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.core.insight_figures import MIN_GROUP, FormatLine, Group, Insights, SessionLine, share
from bot.core.polls import FORMATS
from bot.core.question_report import QuestionFigures
from bot.core.wording import age, capitalised, day, duration, listed, plural


def with_findings(insights: Insights) -> Insights:
    findings = _overall_findings(insights)
    if insights.overall.leaders:  # without leaders, the rest would only repeat "none"
        findings += [
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
    if i.week == 0:
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
        mix = f"The largest seniority groups are {listed(top)}, {plural(largest, 'leader')} each."
    return [mix, *_compare(i, i.by_seniority, "seniority levels")]


def _organisation_findings(i: Insights) -> list[str]:
    with_seats = [g for g in i.by_organisation if g.seats is not None]
    if not with_seats:
        return []
    taking_part = sum(1 for g in with_seats if g.leaders)
    full = sum(1 for g in with_seats if g.seats and g.leaders >= g.seats)
    empty = len(with_seats) - taking_part
    text = f"Leaders come from {taking_part} of {plural(len(with_seats), 'organisation')}. "
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
            f"{capitalised(what)} are not compared: {few} of {len(groups)} have fewer than "
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
            f"For reflection sessions, {listed(top)} were equally popular "
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
        findings.append(f"By format, leaders rated {listed(parts)}.")
    return findings


def _rate(value: int | None) -> str:
    return f"{value}%" if value is not None else "none"


def _be(count: int) -> str:
    return "is" if count == 1 else "are"


def _have(count: int) -> str:
    return "has" if count == 1 else "have"


def _format_name(name: str) -> str:
    """The bot's own format names read in lower case mid-sentence ("chose online")."""
    return name.lower() if name in FORMATS else name
