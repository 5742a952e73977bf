"""The insights report's figures and headline findings, from loaded values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.insight_figures import MIN_GROUP, Insights, PollRecord, WeekTime, share
from bot.core.insights import cohort_insights
from bot.core.model import (
    Cohort,
    Completion,
    Curriculum,
    Enrolment,
    Member,
    Module,
    Organisation,
    Person,
    Role,
    Seniority,
)
from bot.core.polls import FormatVote, Poll, PollSlot, ReflectionSession, Seat
from bot.core.questions import Question, QuestionStatus

# Six modules of 30 minutes: the 3-week plan takes two a week, the 6-week plan one.
COURSE = Curriculum(
    "Data for leaders",
    tuple(Module(f"m{n}", f"Module {n}", 30, f"https://x.test/{n}", "Unit") for n in range(1, 7)),
)
START = date(2027, 1, 11)
COHORT = Cohort("spring", "Spring 2027", START, 6, "Europe/London", id=1)
ORGANISATIONS = (
    Organisation("camden", "Camden Council", 6),
    Organisation("hackney", "Hackney Council", 5),
    Organisation("islington", "Islington Council", 2),
    Organisation("lambeth", "Lambeth Council", 3),
)


def at_week(week: int, day: int = 2, hour: int = 10) -> datetime:
    """A moment in a programme week: by default its Wednesday at 10:00."""
    moment = datetime(2027, 1, 11, hour, tzinfo=UTC)
    return moment + timedelta(weeks=week - 1, days=day)


WEEK_THREE = at_week(3)
AFTER_THE_COURSE = at_week(9)


def leader(
    n: int,
    pace: int | None,
    org: str | None = "camden",
    seniority: Seniority | None = Seniority.DIRECTOR,
) -> Member:
    person = Person("slack", f"U{n}", f"Leader {n}", org, seniority, id=n)
    return Member(person, Enrolment(1, n, Role.LEADER, pace, id=100 + n))


def did(member: Member, modules: Sequence[int], when: datetime) -> list[Completion]:
    assert member.enrolment.id is not None
    return [Completion(member.enrolment.id, f"m{n}", "slash", when) for n in modules]


def report(
    members: Sequence[Member],
    completions: Sequence[Completion] = (),
    now: datetime = WEEK_THREE,
    questions: Sequence[Question] = (),
    polls: Sequence[PollRecord] = (),
    curriculum: Curriculum = COURSE,
) -> Insights:
    return cohort_insights(
        curriculum, COHORT, members, completions, ORGANISATIONS, questions, polls, now
    )


def test_share_never_divides_by_zero() -> None:
    assert share(3, 0) is None
    assert share(1, 3) == 33
    assert share(2, 3) == 67


def test_an_empty_cohort_says_so_and_nothing_else() -> None:
    insights = report([])
    assert insights.findings == ("No leaders are enrolled yet, so there is nothing to report.",)
    assert insights.overall.leaders == 0
    assert insights.overall.on_track_rate is None and insights.overall.finished_rate is None
    assert insights.by_pace == () and insights.time == () and insights.series == ()
    assert [g.leaders for g in insights.by_organisation] == [0, 0, 0, 0]


def test_before_the_start_there_is_no_progress_to_compare() -> None:
    members = [leader(n, 3 if n % 2 else 6) for n in range(1, 13)]
    insights = report(members, now=datetime(2027, 1, 4, 10, tzinfo=UTC))
    assert insights.week == 0
    assert insights.findings[0] == (
        "12 leaders are enrolled from 1 organisation. The course starts on Monday 11 January 2027."
    )
    assert not any("pace" in f for f in insights.findings)
    assert insights.time == ()


def test_during_the_course_paces_are_compared_on_track_not_on_completion() -> None:
    six = [leader(n, 6) for n in range(1, 6)]
    three = [leader(n, 3) for n in range(6, 11)]
    completions = [c for m in six for c in did(m, [1], at_week(1)) + did(m, [2], at_week(2))]
    completions += [c for m in three[:2] for c in did(m, [1, 2, 3, 4], at_week(2))]
    completions += [c for m in three[2:] for c in did(m, [1], at_week(1))]
    insights = report(six + three, completions)
    assert insights.findings[1] == (
        "100% of leaders on the 6-week pace are on track or finished, against 40% on 3 weeks "
        "(5 and 5 leaders)."
    )
    three_weeks, six_weeks = insights.by_pace
    assert (three_weeks.label, three_weeks.leaders, three_weeks.on_track_rate) == ("3 weeks", 5, 40)
    assert (six_weeks.label, six_weeks.leaders, six_weeks.complete) == ("6 weeks", 5, 33)
    assert not insights.course_over


def test_after_the_course_paces_are_compared_on_what_they_finished() -> None:
    six = [leader(n, 6) for n in range(1, 6)]
    three = [leader(n, 3) for n in range(6, 16)]
    completions = [c for m in six[:4] for c in did(m, range(1, 7), at_week(5))]
    for m, count in zip(three, (6, 6, 3, 3, 3, 3, 3, 2, 2, 2), strict=True):
        completions += did(m, range(1, count + 1), at_week(2))
    insights = report(six + three, completions, now=AFTER_THE_COURSE)
    assert insights.course_over
    assert insights.findings[1:3] == (
        "Leaders on the 6-week pace finished at 80%, those on 3 weeks at 55% (5 and 10 leaders).",
        "80% of leaders on 6 weeks did every module, against 20% on 3 weeks.",
    )


def test_a_pace_with_fewer_than_five_leaders_is_shown_but_not_compared() -> None:
    members = [leader(n, 6) for n in range(1, 7)] + [leader(7, 3), leader(8, 3)]
    insights = report(members, did(members[0], [1, 2], at_week(1)))
    assert "Only 2 leaders are on the 3-week pace: too few to compare the two paces." in (
        insights.findings
    )
    assert not any("% of leaders on the" in f for f in insights.findings)
    three_weeks, six_weeks = insights.by_pace
    assert three_weeks.small and not six_weeks.small
    assert MIN_GROUP == 5


def test_two_small_paces_make_one_sentence_and_an_even_spread_is_named() -> None:
    members = [leader(1, 6), leader(2, 6, seniority=Seniority.OTHER), leader(3, 3)]
    insights = report(members)
    assert insights.findings[1] == (
        "Only 2 leaders are on the 6-week pace and 1 on the 3-week pace: "
        "too few to compare the two paces."
    )
    assert "The largest seniority group is Director: 2 of 3 leaders." in insights.findings
    even = report([leader(1, 6), leader(2, 6, seniority=Seniority.OTHER)])
    assert "Leaders are spread evenly over 2 seniority levels, 1 leader each." in even.findings
    assert (
        "Leaders come from 1 of 4 organisations. None has filled all its seats; "
        "3 have no leader yet." in even.findings
    )


def test_one_pace_only_cannot_be_compared() -> None:
    insights = report([leader(n, 6) for n in range(1, 8)])
    assert (
        "Every leader is on the 6-week pace, so the two paces cannot be compared."
        in insights.findings
    )


def test_time_per_week_is_module_minutes_against_the_plan() -> None:
    members = [leader(n, 3) for n in range(1, 6)]
    before_the_start = datetime(2027, 1, 8, 10, tzinfo=UTC)
    completions = [c for m in members[:1] for c in did(m, [1], before_the_start)]
    completions += [c for m in members[1:] for c in did(m, [1], at_week(1))]
    completions += [c for m in members for c in did(m, [2], at_week(1, day=6))]
    completions += [c for m in members for c in did(m, [3], at_week(2))]
    completions += did(members[0], [4], at_week(3, day=4))  # after "now": not counted
    insights = report(members, completions)
    assert insights.time == (
        WeekTime(3, 1, 5, 300, 60),  # work before the start counts in week 1
        WeekTime(3, 2, 5, 150, 60),
        WeekTime(3, 3, 5, 0, 60, in_progress=True),  # this week so far
    )
    assert [t.average for t in insights.time] == [60, 30, 0]
    assert (
        "On the 3-week pace, leaders did about 45 minutes of modules a week, "
        "against 1 hour planned."
    ) in insights.findings


def test_time_is_not_a_finding_for_a_small_pace_or_before_a_week_has_ended() -> None:
    few = [leader(n, 3) for n in range(1, 4)]
    insights = report(few, did(few[0], [1], at_week(1)), now=at_week(1))
    assert insights.time == (WeekTime(3, 1, 3, 30, 60, in_progress=True),)
    assert not any("a week, against" in f for f in insights.findings)


def test_cumulative_completion_by_pace_against_the_plan() -> None:
    three = [leader(n, 3) for n in range(1, 6)]
    six = [leader(n, 6) for n in range(6, 11)]
    completions = [c for m in three for c in did(m, [1, 2], at_week(1))]
    completions += [c for m in three for c in did(m, [3], at_week(2))]
    completions += did(six[0], [1], at_week(1))
    insights = report(three + six, completions)
    series = {s.pace: s for s in insights.series}
    assert series[3].actual == (0.0, 33.3, 50.0, 50.0)
    assert series[3].planned == (0.0, 33.3, 66.7, 100.0, 100.0, 100.0, 100.0)
    assert series[6].actual == (0.0, 3.3, 3.3, 3.3)
    assert series[6].planned == (0.0, 16.7, 33.3, 50.0, 66.7, 83.3, 100.0)
    assert series[3].label == "3 weeks (5 leaders)"


def test_a_course_without_modules_divides_by_nothing() -> None:
    empty = Curriculum("Nothing yet", ())
    insights = report([leader(n, 3) for n in range(1, 7)], curriculum=empty)
    assert insights.overall.complete == 0
    assert all(value == 0.0 for s in insights.series for value in s.actual + s.planned)


def test_seniority_levels_under_five_leaders_are_left_out_of_the_comparison() -> None:
    directors = [leader(n, 6, seniority=Seniority.DIRECTOR) for n in range(1, 6)]
    ads = [leader(n, 6, seniority=Seniority.ASSISTANT_DIRECTOR) for n in range(6, 11)]
    heads = [leader(n, 6, seniority=Seniority.HEAD_OF_SERVICE) for n in range(11, 13)]
    completions = [c for m in directors for c in did(m, [1, 2], at_week(1))]
    completions += [c for m in ads[:2] for c in did(m, [1, 2], at_week(1))]
    insights = report(directors + ads + heads, completions)
    assert (
        "The largest seniority groups are Director and Assistant director, 5 leaders each."
        in insights.findings
    )
    assert (
        "Among seniority levels with 5 or more leaders, Director had the most leaders on track "
        "(100%, 5 leaders) and Assistant director the fewest (40%, 5 leaders). "
        "1 group with fewer than 5 leaders is left out."
    ) in insights.findings


def test_organisations_show_recruitment_against_seats_and_are_compared_only_when_big() -> None:
    members = [leader(n, 6, org="camden") for n in range(1, 7)]
    members += [leader(n, 6, org="hackney") for n in range(7, 9)]
    members += [leader(n, 6, org="islington") for n in range(9, 11)]
    insights = report(members)
    assert (
        "Leaders come from 3 of 4 organisations. 2 have filled all their seats; "
        "1 has no leader yet."
    ) in insights.findings
    assert "Organisations are not compared: 2 of 3 have fewer than 5 leaders." in insights.findings
    rows = {g.key: (g.leaders, g.seats, g.small) for g in insights.by_organisation}
    assert rows == {
        "camden": (6, 6, False),
        "hackney": (2, 5, True),
        "islington": (2, 2, True),
        "lambeth": (0, 3, True),
    }


def question(n: int, module: str | None, anonymous: bool, reply_hours: float | None) -> Question:
    asked = at_week(1) + timedelta(hours=n)
    reply = asked + timedelta(hours=reply_hours) if reply_hours is not None else None
    status = QuestionStatus.ANSWERED if reply else QuestionStatus.OPEN
    return Question(1, n, f"Question {n}", asked, module, anonymous, False, status, None, reply)


def test_questions_by_module_and_the_median_time_to_a_first_reply() -> None:
    asked = [
        question(1, "m2", True, 1),
        question(2, "m2", True, 2),
        question(3, "m2", False, 3),
        question(4, "m5", False, 4),
        question(5, None, False, 5),
        question(6, "m5", False, None),
    ]
    insights = report([leader(n, 6) for n in range(1, 7)], questions=asked)
    assert insights.questions.by_module[0] == ("2. Module 2", 3)
    assert insights.findings[-3:] == (
        "Leaders asked 6 questions, 2 of them anonymously.",
        "The most asked about was module 2, Module 2 (3 questions).",
        "Half of the 5 questions answered had a first reply within 3 hours.",
    )


def test_a_typical_time_to_answer_needs_five_answered_questions() -> None:
    asked = [question(1, "m1", False, 2), question(2, "m3", False, None)]
    insights = report([leader(n, 6) for n in range(1, 7)], questions=asked)
    assert insights.findings[-2:] == (
        "Leaders asked 2 questions.",
        "Only 1 question has had a reply: too few for a typical time to answer.",
    )


def poll(poll_id: int, days: int, votes: dict[int, str], **more: object) -> PollRecord:
    made = Poll(1, f"Poll {poll_id}", at_week(7), 99, at_week(1) + timedelta(days=days))
    made.id = poll_id
    chosen = tuple(FormatVote(poll_id, person, choice) for person, choice in votes.items())
    return PollRecord(made, format_votes=chosen, **more)  # type: ignore[arg-type]


def test_format_votes_count_each_leaders_newest_choice() -> None:
    older = poll(1, 0, {1: "Online", 2: "Online", 3: "Online"})
    newer = poll(2, 7, {1: "In person", 4: "In person", 5: "In person", 6: "Hybrid"})
    insights = report([leader(n, 6) for n in range(1, 7)], polls=[older, newer])
    assert insights.formats == (("In person", 3), ("Online", 2), ("Hybrid", 1))
    assert (
        "Asked which format they prefer for reflection sessions, 3 of 6 leaders chose "
        "in person (50%)."
    ) in insights.findings


@pytest.mark.parametrize(
    ("votes", "finding"),
    [
        (
            {1: "Online", 2: "Hybrid", 3: "Online", 4: "Hybrid", 5: "In person"},
            "For reflection sessions, hybrid and online were equally popular "
            "(2 of 5 leaders each).",
        ),
        (
            {1: "Online", 2: "Hybrid"},
            "Only 2 leaders have said which format they prefer for reflection sessions: "
            "too few to draw a conclusion.",
        ),
    ],
)
def test_format_ties_and_too_few_votes(votes: dict[int, str], finding: str) -> None:
    insights = report([leader(n, 6) for n in range(1, 7)], polls=[poll(1, 0, votes)])
    assert finding in insights.findings


def test_attendance_and_ratings_overall_and_by_format() -> None:
    slots = (
        PollSlot(1, at_week(7), 60, id=11),
        PollSlot(1, at_week(7, day=3), 60, id=12),
        PollSlot(1, at_week(7, day=4), 60, id=13),
    )
    sessions = (
        ReflectionSession(1, 11, "Zoom", "Online", id=21, starts_at=at_week(7), minutes=60),
        ReflectionSession(
            1, 12, "City Hall", "In person", id=22, starts_at=at_week(7, day=3), minutes=60
        ),
        ReflectionSession(1, 13, "Zoom", "Online", id=23, starts_at=at_week(7, day=4), minutes=60),
    )
    seats = (
        *(Seat(21, n, True, 5) for n in range(1, 4)),
        *(Seat(23, n, True, 4) for n in range(4, 6)),
        Seat(23, 6, False),
        *(Seat(22, n, True, 3) for n in range(7, 12)),
        Seat(22, 12),
    )
    record = poll(1, 0, {}, slots=slots, sessions=sessions, seats=seats)
    insights = report([leader(n, 6) for n in range(1, 13)], polls=[record])
    assert [(s.format, s.seats, s.attended, s.missed) for s in insights.sessions] == [
        ("Online", 3, 3, 0),
        ("In person", 6, 5, 0),
        ("Online", 3, 2, 1),
    ]
    online, in_person = insights.by_format
    assert (online.sessions, online.seats, online.attended, online.attendance) == (2, 6, 5, 83)
    assert (in_person.sessions, in_person.seats, in_person.attendance) == (1, 6, 83)
    assert online.average_rating == pytest.approx(4.6)
    assert insights.findings[-3:] == (
        "10 of 12 leaders with a place at a reflection session said they attended (83%); "
        "1 said they missed it.",
        "They rated the sessions 3.8 out of 5 on average (10 ratings).",
        "By format, leaders rated online sessions 4.6 (5 ratings) and "
        "in person sessions 3.0 (5 ratings).",
    )


def test_a_handful_of_places_or_ratings_is_not_a_finding() -> None:
    slots = (PollSlot(1, at_week(7), 60, id=11),)
    sessions = (
        ReflectionSession(1, 11, "Zoom", "Online", id=21, starts_at=at_week(7), minutes=60),
    )
    few = poll(1, 0, {}, slots=slots, sessions=sessions, seats=(Seat(21, 1, True, 5),))
    insights = report([leader(n, 6) for n in range(1, 7)], polls=[few])
    assert insights.findings[-1] == (
        "Only 1 leader had a place at a reflection session: too few to draw a conclusion."
    )
    assert not any("out of 5" in f for f in insights.findings)
