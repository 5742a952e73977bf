"""The figures the insights report shows: groups of leaders, time against the plan,
completion over time, and what leaders made of the reflection sessions.

Small groups are shown with their size and never compared: with fewer than `MIN_GROUP`
leaders one person moves a percentage by 20 points or more, so no finding rests on them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from bot.core.model import Cohort
from bot.core.polls import FormatVote, Poll, PollSlot, ReflectionSession, Seat
from bot.core.progress_report import GroupFigures
from bot.core.question_report import QuestionFigures
from bot.core.wording import plural

MIN_GROUP = 5  # the fewest leaders (or answers) a finding may rest on


def share(part: int, whole: int) -> int | None:
    """`part` as a whole-number percentage of `whole`; None when there is no whole."""
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class Group(GroupFigures):
    """One organisation, seniority level or pace (or the whole cohort), with its rates."""

    seats: int | None = None  # organisations only

    @property
    def complete(self) -> int:
        """Percent of all the modules the group's leaders could do."""
        return self.percent

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
        return cls(**asdict(figures), seats=seats)


@dataclass(frozen=True)
class WeekTime:
    """Module time done in one programme week by the leaders on one pace, against the plan."""

    pace: int
    week: int
    leaders: int
    minutes_done: int  # all the pace's leaders together, each module at its planned length
    planned: int  # one leader's plan for the week
    in_progress: bool = False  # this week: the figure is so far, not the week's whole

    @property
    def week_label(self) -> str:
        """'2', or '2 (so far)' while the week runs."""
        return f"{self.week} (so far)" if self.in_progress else str(self.week)

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
