"""The coordinators' figures, computed from members, their done modules and today."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.core.model import (
    Cohort,
    Curriculum,
    Delivery,
    DeliveryStatus,
    Enrolment,
    Member,
    Module,
    Organisation,
    Person,
    Rhythm,
    Role,
    Seniority,
)
from bot.core.progress_report import (
    CohortFigures,
    GroupFigures,
    ReachProblems,
    Status,
    Summary,
    cohort_figures,
    reach_problems,
)
from bot.core.replies.progress import progress_message
from bot.core.standing import standing
from tests.deliveries import delivery
from tests.unit.typed import SLASH

COURSE = Curriculum(
    "Data for leaders",
    tuple(Module(f"m{n}", f"Module {n}", 15, f"https://x.test/{n}", "Unit") for n in range(1, 7)),
)
COHORT = Cohort("spring", "Spring 2027", date(2027, 1, 11), 3, "Europe/London", id=1)
ORGANISATIONS = (
    Organisation("camden", "Camden Council", 4),
    Organisation("hackney", "Hackney Council", 4),
    Organisation("islington", "Islington Council", 2),
)
WEEK_THREE = date(2027, 1, 27)  # the plan expects weeks 1 and 2 done


def leader(
    n: int, name: str, org: str | None, seniority: Seniority | None, pace: int | None
) -> Member:
    person = Person("slack", f"U{n}", name, org, seniority, id=n)
    return Member(person, Enrolment(1, n, Role.LEADER, pace, id=100 + n))


MEMBERS = (
    leader(1, "Amira Khan", "camden", Seniority.DIRECTOR, None),
    leader(2, "Ben Adeyemi", "hackney", Seniority.ASSISTANT_DIRECTOR, 6),
    leader(3, "Chloe Martin", "camden", Seniority.DIRECTOR, 3),
    leader(4, "Dev Patel", None, None, None),
    leader(5, "Esi Mensah", "lambeth", Seniority.HEAD_OF_SERVICE, 6),
)
DONE = {
    101: frozenset({"m1", "m2", "m3", "m4"}),
    102: frozenset({"m1"}),
    103: frozenset(f"m{n}" for n in range(1, 7)),
    105: frozenset({"m1", "m2", "retired-module"}),
}


def figures(today: date = WEEK_THREE) -> CohortFigures:
    return cohort_figures(COURSE, COHORT, MEMBERS, DONE, ORGANISATIONS, today)


def test_each_leader_is_on_track_behind_or_finished_as_their_standing_says() -> None:
    by_name = {f.name: f for f in figures().leaders}
    assert (by_name["Amira Khan"].status, by_name["Amira Khan"].behind_by) == (Status.ON_TRACK, 0)
    assert (by_name["Ben Adeyemi"].status, by_name["Ben Adeyemi"].behind_by) == (Status.BEHIND, 1)
    assert by_name["Chloe Martin"].status is Status.FINISHED
    assert (by_name["Dev Patel"].status, by_name["Dev Patel"].behind_by) == (Status.BEHIND, 4)
    assert by_name["Esi Mensah"].status is Status.ON_TRACK


def test_modules_no_longer_in_the_course_do_not_count_as_done() -> None:
    esi = next(f for f in figures().leaders if f.name == "Esi Mensah")
    assert (esi.modules_done, esi.percent) == (2, 33)


def test_the_cohort_totals_count_every_leader_once() -> None:
    overall = figures().summary.overall
    assert overall == GroupFigures("all", "All leaders", 5, 13, 30, 2, 2, 1)
    assert overall.percent == 43


def test_organisations_follow_the_cohort_list_with_unknown_and_missing_ones_last() -> None:
    groups = figures().summary.by_organisation
    assert [(g.label, g.leaders) for g in groups] == [
        ("Camden Council", 2),
        ("Hackney Council", 1),
        ("lambeth", 1),
        ("No organisation", 1),
    ]
    camden = groups[0]
    assert (camden.percent, camden.on_track, camden.behind, camden.finished) == (83, 1, 0, 1)


def test_seniority_runs_from_most_senior_and_pace_from_fastest() -> None:
    summary = figures().summary
    assert [g.label for g in summary.by_seniority] == [
        "Director",
        "Assistant director",
        "Head of service",
        "Not given",
    ]
    assert [(g.label, g.leaders, g.behind) for g in summary.by_pace] == [
        ("3 weeks", 3, 1),
        ("6 weeks", 2, 1),
    ]


def test_the_leaders_behind_come_furthest_behind_first() -> None:
    assert [(f.name, f.behind_by) for f in figures().behind] == [
        ("Dev Patel", 4),
        ("Ben Adeyemi", 1),
    ]


def test_before_the_course_starts_nobody_is_behind() -> None:
    early = figures(date(2027, 1, 4))
    assert early.week == 0
    assert early.behind == ()
    assert early.summary.overall.on_track == 4


def test_an_empty_cohort_has_zero_figures_and_no_groups() -> None:
    empty = cohort_figures(COURSE, COHORT, (), {}, ORGANISATIONS, WEEK_THREE)
    assert empty.summary == Summary(GroupFigures("all", "All leaders"))
    assert empty.summary.overall.percent == 0


def test_a_summary_survives_a_round_trip_through_json_values() -> None:
    summary = figures().summary
    assert Summary.from_dict(summary.to_dict()) == summary


def test_failed_reminders_count_people_and_skipped_ones_count_messages() -> None:
    def to(key: str, recipient: str, status: DeliveryStatus) -> Delivery:
        return delivery(key, recipient, "hi", status=status)

    problems = reach_problems(
        [
            to("nudge:1:3:1", "U1", DeliveryStatus.FAILED),
            to("nudge:1:3:1:again", "U1", DeliveryStatus.FAILED),
            to("nudge:1:3:2", "U2", DeliveryStatus.SKIPPED),
            to("nudge:1:3:4", "U4", DeliveryStatus.SKIPPED),
        ]
    )
    assert problems == ReachProblems(unreachable_leaders=1, skipped=2)
    assert not reach_problems([])


def test_a_leaders_own_progress_counts_only_modules_still_in_the_course() -> None:
    esi = MEMBERS[4]
    now = standing(COURSE, COHORT, esi.enrolment, DONE[105], WEEK_THREE)
    assert now.done == {"m1", "m2"}
    assert progress_message(now, SLASH).text.startswith("You have done 2 of 6 modules.")


def test_a_remade_plan_expects_no_module_taken_out_of_the_course() -> None:
    # Esi resumed in week 2 having done m1 and a module taken out of the course since.
    rhythm = Rhythm(plan_start_week=2, done_at_replan=frozenset({"m1", "retired-module"}))
    enrolment = replace(MEMBERS[4].enrolment, rhythm=rhythm)
    now = standing(COURSE, COHORT, enrolment, frozenset({"m1", "retired-module"}), WEEK_THREE)
    assert [w.modules[0].id for w in now.plan if w.number < now.week] == ["m2"]
    assert now.behind_by == 1  # m2 only, not the module taken out
