"""The coordinators' progress figures: completion by organisation, seniority and pace.

Pure functions, so a report costs the same few queries whatever the size of the cohort.
The progress report and digest take each leader's counts from the database
(`counted_figures`); the data export and insights, which need every completion anyway
(its date, as at a past moment), work them out from loaded ones (`cohort_figures`).
What a plan expects comes from `Standing` alone, so the definitions live in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import NamedTuple

from bot.core.model import (
    Cohort,
    Completion,
    Curriculum,
    Delivery,
    DeliveryStatus,
    Member,
    Organisation,
    Rhythm,
    Seniority,
)
from bot.core.programme import week_of
from bot.core.standing import Standing, standing

NO_ORGANISATION = "No organisation"
NO_SENIORITY = "Not given"
SNAPSHOT_VERSION = 1
_LAST = 10**6  # sorts leaders with no organisation or seniority after the rest


class Status(StrEnum):
    ON_TRACK = "on-track"
    BEHIND = "behind"
    FINISHED = "finished"


@dataclass(frozen=True)
class LeaderFigures:
    """One leader's line in the report and in the export."""

    name: str
    organisation_id: str | None
    organisation: str
    seniority: Seniority | None
    pace: int
    modules_done: int
    percent: int
    status: Status
    behind_by: int

    @property
    def seniority_label(self) -> str:
        return self.seniority.label if self.seniority else NO_SENIORITY


@dataclass(frozen=True)
class GroupFigures:
    """Leaders of one organisation, seniority or pace (or the whole cohort), counted."""

    key: str
    label: str
    leaders: int = 0
    modules_done: int = 0
    modules_possible: int = 0
    on_track: int = 0
    behind: int = 0
    finished: int = 0

    @property
    def percent(self) -> int:
        """Modules done as a share of all the group's leaders could do."""
        return (
            round(100 * self.modules_done / self.modules_possible) if self.modules_possible else 0
        )

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> GroupFigures:
        counts = (data.get(name, 0) for name in _COUNTS)
        return cls(
            str(data["key"]), str(data["label"]), *(c if isinstance(c, int) else 0 for c in counts)
        )


_COUNTS = ("leaders", "modules_done", "modules_possible", "on_track", "behind", "finished")


@dataclass(frozen=True)
class Summary:
    """The group figures without names: what a weekly snapshot keeps."""

    overall: GroupFigures
    by_organisation: tuple[GroupFigures, ...] = ()
    by_seniority: tuple[GroupFigures, ...] = ()
    by_pace: tuple[GroupFigures, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "version": SNAPSHOT_VERSION,
            "overall": self.overall.to_dict(),
            "by_organisation": [g.to_dict() for g in self.by_organisation],
            "by_seniority": [g.to_dict() for g in self.by_seniority],
            "by_pace": [g.to_dict() for g in self.by_pace],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Summary:
        def groups(name: str) -> tuple[GroupFigures, ...]:
            raw = data.get(name, [])
            assert isinstance(raw, list | tuple)
            return tuple(GroupFigures.from_dict(g) for g in raw)

        overall = data["overall"]
        assert isinstance(overall, Mapping)
        return cls(
            overall=GroupFigures.from_dict(overall),
            by_organisation=groups("by_organisation"),
            by_seniority=groups("by_seniority"),
            by_pace=groups("by_pace"),
        )


@dataclass(frozen=True)
class CohortFigures:
    """The whole report: the summary, and every leader (for the behind list and the export)."""

    week: int  # the programme week: 0 before the start
    summary: Summary
    leaders: tuple[LeaderFigures, ...]

    @property
    def behind(self) -> tuple[LeaderFigures, ...]:
        """Leaders behind the plan, the furthest behind first."""
        late = (f for f in self.leaders if f.status is Status.BEHIND)
        return tuple(sorted(late, key=lambda f: (-f.behind_by, f.name.lower(), f.name)))


@dataclass(frozen=True)
class ProgressSnapshot:
    """The figures as they were when a weekly digest went out."""

    cohort_id: int
    week: int
    taken_at: datetime
    summary: Summary


@dataclass(frozen=True)
class Plan:
    """What a leader's plan depends on: their pace, the week it starts, and the modules
    done when it was made."""

    pace: int
    start_week: int = 1
    done_at_replan: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ProgressRules:
    """What the database needs to count every leader's progress: the curriculum's module
    ids, the cohort's default pace, and the modules each plan expected done by last week."""

    modules: tuple[str, ...]
    default_pace: int
    expected: Callable[[Plan], frozenset[str]]


def progress_rules(curriculum: Curriculum, cohort: Cohort, today: date) -> ProgressRules:
    """The rules for the cohort today; what a plan expects comes from `Standing` alone."""
    week = week_of(cohort.start_date, today)

    @cache
    def expected(plan: Plan) -> frozenset[str]:
        rhythm = Rhythm(plan_start_week=plan.start_week, done_at_replan=plan.done_at_replan)
        nothing_done = Standing(curriculum, frozenset(), plan.pace, week, cohort.start_date, rhythm)
        return nothing_done.expected

    return ProgressRules(tuple(m.id for m in curriculum.modules), cohort.default_pace, expected)


class LeaderProgress(NamedTuple):
    """One active leader's counts, as the database works them out from the rules (a
    tuple: a report makes thousands)."""

    name: str
    organisation_id: str | None
    seniority: Seniority | None
    pace: int
    modules_done: int  # of the curriculum's modules
    behind_by: int  # modules the plan expected done by last week that are not
    enrolment_id: int


def recorded_by(completions: Iterable[Completion], now: datetime) -> list[Completion]:
    """The completions recorded by `now`: the one as-of filter of the report and the
    export, so figures "as at" an earlier moment are that moment's everywhere."""
    return [c for c in completions if c.completed_at <= now]


def done_by_enrolment(completions: Iterable[Completion]) -> dict[int, frozenset[str]]:
    """The module ids each enrolment has done, from its completions."""
    done: dict[int, set[str]] = {}
    for c in completions:
        done.setdefault(c.enrolment_id, set()).add(c.module_id)
    return {enrolment: frozenset(ids) for enrolment, ids in done.items()}


def cohort_figures(
    curriculum: Curriculum,
    cohort: Cohort,
    members: Sequence[Member],
    done: Mapping[int, frozenset[str]],
    organisations: Sequence[Organisation],
    today: date,
) -> CohortFigures:
    """Every leader's standing, and the counts by organisation, seniority and pace."""
    names = {o.id: o.name for o in organisations}
    leaders = tuple(
        _leader(curriculum, cohort, m, done.get(m.enrolment.id or 0, frozenset()), names, today)
        for m in members
    )
    return _summarised(leaders, len(curriculum.modules), organisations, cohort, today)


def counted_figures(
    curriculum: Curriculum,
    cohort: Cohort,
    progress: Sequence[LeaderProgress],
    organisations: Sequence[Organisation],
    today: date,
) -> CohortFigures:
    """The figures of `cohort_figures`, from each leader's counts as the database made them."""
    names = {o.id: o.name for o in organisations}
    possible = len(curriculum.modules)
    leaders = tuple(
        _line(
            p.name,
            p.organisation_id,
            p.seniority,
            p.pace,
            p.modules_done,
            status_of(p.modules_done == possible, p.behind_by),
            possible,
            names,
        )
        for p in progress
    )
    return _summarised(leaders, possible, organisations, cohort, today)


def _summarised(
    leaders: tuple[LeaderFigures, ...],
    possible: int,
    organisations: Sequence[Organisation],
    cohort: Cohort,
    today: date,
) -> CohortFigures:
    org_rank = {o.id: i for i, o in enumerate(organisations)}
    seniority_rank = {s: i for i, s in enumerate(Seniority)}

    def organisation(f: LeaderFigures) -> tuple[int, str, str]:
        rank = org_rank.get(f.organisation_id, len(org_rank)) if f.organisation_id else _LAST
        return rank, f.organisation_id or "", f.organisation

    def seniority(f: LeaderFigures) -> tuple[int, str, str]:
        rank = seniority_rank[f.seniority] if f.seniority else _LAST
        return rank, f.seniority.value if f.seniority else "", f.seniority_label

    def pace(f: LeaderFigures) -> tuple[int, str, str]:
        return f.pace, str(f.pace), f"{f.pace} weeks"

    summary = Summary(
        overall=_group("all", "All leaders", leaders, possible),
        by_organisation=_grouped(leaders, possible, organisation),
        by_seniority=_grouped(leaders, possible, seniority),
        by_pace=_grouped(leaders, possible, pace),
    )
    return CohortFigures(week_of(cohort.start_date, today), summary, leaders)


def _leader(
    curriculum: Curriculum,
    cohort: Cohort,
    member: Member,
    done: frozenset[str],
    organisation_names: Mapping[str, str],
    today: date,
) -> LeaderFigures:
    where = standing(curriculum, cohort, member.enrolment, done, today)
    count = sum(1 for m in curriculum.modules if m.id in done)
    person = member.person
    return _line(
        person.display_name,
        person.organisation_id,
        person.seniority,
        where.pace,
        count,
        leader_status(where),
        len(curriculum.modules),
        organisation_names,
    )


def _line(
    name: str,
    organisation_id: str | None,
    seniority: Seniority | None,
    pace: int,
    modules_done: int,
    status_and_behind: tuple[Status, int],
    possible: int,
    organisation_names: Mapping[str, str],
) -> LeaderFigures:
    status, behind_by = status_and_behind
    org = organisation_id
    return LeaderFigures(
        name=name,
        organisation_id=org,
        organisation=organisation_names.get(org, org) if org else NO_ORGANISATION,
        seniority=seniority,
        pace=pace,
        modules_done=modules_done,
        percent=round(100 * modules_done / possible) if possible else 0,
        status=status,
        behind_by=behind_by,
    )


def leader_status(where: Standing) -> tuple[Status, int]:
    """On track, behind or finished, and by how many modules: from the standing alone, so
    the report, the digest and the note to those behind agree on who is behind."""
    return status_of(where.finished, where.behind_by)


def status_of(finished: bool, behind_by: int) -> tuple[Status, int]:
    """The one rule for a leader's status, from the standing or the database's counts."""
    if finished:
        return Status.FINISHED, 0
    return (Status.BEHIND if behind_by else Status.ON_TRACK), behind_by


def _grouped(
    leaders: Iterable[LeaderFigures],
    possible: int,
    describe: Callable[[LeaderFigures], tuple[int, str, str]],
) -> tuple[GroupFigures, ...]:
    """Groups in a stable order; `describe` gives each leader's (rank, key, label)."""
    members: dict[str, list[LeaderFigures]] = {}
    seen: dict[str, tuple[int, str]] = {}
    for leader in leaders:
        rank, key, label = describe(leader)
        members.setdefault(key, []).append(leader)
        seen[key] = (rank, label)
    ordered = sorted(members, key=lambda key: (seen[key][0], key))
    return tuple(_group(key, seen[key][1], members[key], possible) for key in ordered)


def _group(key: str, label: str, leaders: Sequence[LeaderFigures], possible: int) -> GroupFigures:
    statuses = [f.status for f in leaders]
    return GroupFigures(
        key=key,
        label=label,
        leaders=len(leaders),
        modules_done=sum(f.modules_done for f in leaders),
        modules_possible=possible * len(leaders),
        on_track=statuses.count(Status.ON_TRACK),
        behind=statuses.count(Status.BEHIND),
        finished=statuses.count(Status.FINISHED),
    )


@dataclass(frozen=True)
class ReachProblems:
    """Reminders that never arrived: people the platform refused, and sends let go."""

    unreachable_leaders: int = 0
    skipped: int = 0

    def __bool__(self) -> bool:
        return bool(self.unreachable_leaders or self.skipped)


def reach_problems(deliveries: Sequence[Delivery]) -> ReachProblems:
    """Count failed deliveries by person, and skipped ones by message."""
    failed = {d.recipient for d in deliveries if d.status is DeliveryStatus.FAILED}
    skipped = sum(1 for d in deliveries if d.status is not DeliveryStatus.FAILED)
    return ReachProblems(len(failed), skipped)
