"""The weekly rhythm: nudges, reminders and the cohort post, derived from the database."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.cohort_end import COURSE_WEEKS, last_digest_week
from bot.core.messages import Message, plain
from bot.core.model import PACES, Actor, ChannelKind, Cohort, Delivery, DeliveryStatus, Member, Role
from bot.core.outgoing import Address, Outgoing
from bot.core.ports import Timed, UnitOfWork
from bot.core.programme import week_of, weekly_plan
from bot.core.progress_report import LeaderProgress, progress_rules
from bot.core.replies.nudges import behind_message, cohort_post, nudge_message, well_done_message
from bot.core.services.context import ServiceContext, coordinator_of
from bot.core.services.planned_sessions import planned_sessions
from bot.core.services.reports import ReportService
from bot.core.standing import Standing, standing
from bot.core.timetable import WeeklyTime
from bot.core.wording import plural


@dataclass(frozen=True)
class Due:
    """Something the rhythm sends: built only if it is due and not sent before."""

    key: str
    to: Address
    at: datetime
    build: Callable[[], Message]
    # A weekly message is skipped once its day has passed; a one-off one is always sent.
    expires: bool = True


@dataclass(frozen=True)
class RhythmService:
    ctx: ServiceContext
    reports: ReportService
    # The other work that falls due at set times: questions, polls and sessions.
    timed: tuple[Timed, ...] = ()

    async def run_due(self) -> None:
        """Queue what has fallen due in every cohort; record as skipped what is too late."""
        digests = []
        async with self.ctx.uow() as uow:
            for cohort in await uow.cohorts.all():
                if cohort.closed_at is not None:
                    continue  # a closed cohort gets no more weekly messages or digests
                await self._queue(uow, cohort, await self._due(uow, cohort))
                digests += await self._digest_due(uow, cohort)
            await uow.commit()
        for cohort_id, week, last in digests:
            await self.reports.weekly_digest(cohort_id, week, last)
        for work in self.timed:
            await work.run_due()
        self.ctx.wake_outbox()

    async def _digest_due(self, uow: UnitOfWork, cohort: Cohort) -> list[tuple[int, int, bool]]:
        """The coordinators' digest, once its weekly time has passed, until the course and
        its reflection sessions are over; whether it is the last."""
        assert cohort.id is not None
        week = week_of(cohort.start_date, self.ctx.today(cohort))
        if week < 1 or not cohort.coordinators_channel:
            return []
        zone, digest = self.ctx.zone(cohort), self.ctx.timetable.digest
        at = self._in_week(cohort, week, digest)
        if at is None or at > self.ctx.clock.now():
            return []
        if await uow.deliveries.get(f"digest:{cohort.id}:{week}"):
            return []
        if week < COURSE_WEEKS:
            return [(cohort.id, week, False)]
        later = (await planned_sessions(uow, cohort.id)).ends
        last = last_digest_week(cohort.start_date, digest, zone, later)
        return [(cohort.id, week, week == last)] if week <= last else []

    async def next_time(self, after: datetime) -> datetime | None:
        """The next moment anything in the rhythm can fall due, for a clock that jumps."""
        moments: list[datetime] = []
        async with self.ctx.uow() as uow:
            for cohort in await uow.cohorts.all():
                assert cohort.id is not None
                if cohort.closed_at is not None:
                    continue
                leaders = await uow.enrolments.members(cohort.id, Role.LEADER)
                timetable = self.ctx.timetable
                times = {timetable.nudge, timetable.reminder, timetable.digest}
                times |= {self.nudge_time(m) for m in leaders}
                week = max(
                    1, week_of(cohort.start_date, after.astimezone(self.ctx.zone(cohort)).date())
                )
                moments += [
                    moment
                    for when in times
                    for w in (week, week + 1)
                    if (moment := self._in_week(cohort, w, when)) is not None and moment > after
                ]
        moments += [m for work in self.timed if (m := await work.next_time(after))]
        return min(moments, default=None)

    async def nudge_now(self, actor: Actor) -> Message:
        """Send this week's nudge now to every leader who has not had it; never twice."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            cohort, now = coordinator.cohort, self.ctx.clock.now()
            due = [d for d in await self._due(uow, cohort, at=now) if d.key.startswith("nudge:")]
            for item in due:
                await uow.deliveries.enqueue(
                    Delivery(item.key, Outgoing(item.build(), item.to), not_before=now)
                )
            await uow.commit()
        self.ctx.wake_outbox()
        return plain(f"Sent this week's message to {plural(len(due), 'leader')}.")

    def nudge_time(self, member: Member) -> WeeklyTime:
        """The leader's own nudge day and time, or the cohort's."""
        rhythm = member.enrolment.rhythm
        return self.ctx.timetable.nudge.overridden(rhythm.nudge_weekday, rhythm.nudge_time)

    def _in_week(self, cohort: Cohort, week: int, when: WeeklyTime) -> datetime | None:
        """When what falls at `when` in programme week `week` is sent: always in that week,
        so a message about week N never arrives in week N + 1."""
        return self.ctx.timetable.in_week(cohort.start_date, week, when, self.ctx.zone(cohort))

    async def _due(self, uow: UnitOfWork, cohort: Cohort, at: datetime | None = None) -> list[Due]:
        """What is due by now, or as if every leader's time were `at`, and not yet queued.

        This runs every minute over every leader, so it first rules out, from the times, the
        keys already queued and the database's counts of modules done and behind, the
        leaders with nothing that could be due; only the rest have their completions read
        and their standing worked out. It gives the event loop a turn between batches of
        leaders, so that people's requests are answered meanwhile.
        """
        assert cohort.id is not None
        today, now = self.ctx.today(cohort), self.ctx.clock.now()
        week = week_of(cohort.start_date, today)
        if week < 1:
            return []
        leaders = await uow.enrolments.members(cohort.id, Role.LEADER)
        sent = await self._sent_keys(uow, cohort.id, week)
        moments = _Moments(self, cohort, week, now if at is None else None)
        progress = await self._progress(uow, cohort, today)
        walked = [
            m for m in leaders if self._may_be_due(m, week, sent, progress.get(_id(m)), moments)
        ]
        due: list[Due | None] = [self._cohort_post(cohort, week, leaders, progress)]
        only = [_id(m) for m in walked]
        done = await uow.completions.done_by_enrolment(cohort.id, only) if only else {}
        for n, member in enumerate(walked, start=1):
            mine = done.get(_id(member), frozenset())
            now_standing = standing(self.ctx.curriculum, cohort, member.enrolment, mine, today)
            due += self._for_leader(cohort, member, now_standing, week, moments)
            if n % _BATCH == 0:
                await asyncio.sleep(0)
        return [d for d in due if d is not None and moments.passed(d.at) and d.key not in sent]

    async def _progress(
        self, uow: UnitOfWork, cohort: Cohort, today: date
    ) -> dict[int, LeaderProgress]:
        """Each leader's modules done and behind, counted by the database, by enrolment."""
        assert cohort.id is not None
        rules = progress_rules(self.ctx.curriculum, cohort, today)
        return {p.enrolment_id: p for p in await uow.completions.leader_progress(cohort.id, rules)}

    def _may_be_due(
        self,
        member: Member,
        week: int,
        sent: set[str],
        progress: LeaderProgress | None,
        moments: _Moments,
    ) -> bool:
        """Whether anything of the leader's could be due and not yet queued, judged from
        their times, their counts and the keys queued (as `_for_leader` decides, without
        their standing): a leader ruled out needs no standing."""
        if progress is None:
            return True  # not counted (another statement, a moment later): work them out
        rhythm = member.enrolment.rhythm
        if week < rhythm.plan_start_week or week > max(PACES):
            return False
        nudge_at = moments.at(self.nudge_time(member))
        if nudge_at is None:
            return False
        cohort_id, person_id = member.enrolment.cohort_id, member.person.id
        if progress.modules_done == len(self.ctx.curriculum.modules):
            # A well-done, once, instead of anything else.
            return moments.passed(nudge_at) and f"well-done:{cohort_id}:{person_id}" not in sent
        key = f"{cohort_id}:{week}:{person_id}"
        nudge_open = moments.passed(nudge_at) and f"nudge:{key}" not in sent
        remind_at = moments.at(self.ctx.timetable.reminder)
        behind_open = (
            rhythm.behind_reminders
            and progress.behind_by > 0
            and moments.passed(remind_at)
            and f"behind:{key}" not in sent
        )
        return nudge_open or behind_open

    async def _sent_keys(self, uow: UnitOfWork, cohort_id: int, week: int) -> set[str]:
        prefixes = (
            f"nudge:{cohort_id}:{week}:",
            f"behind:{cohort_id}:{week}:",
            f"well-done:{cohort_id}:",
            f"channel:{cohort_id}:{week}",
        )
        return {key for prefix in prefixes for key in await uow.deliveries.keys_starting(prefix)}

    def _for_leader(
        self, cohort: Cohort, member: Member, now: Standing, week: int, moments: _Moments
    ) -> list[Due]:
        person, rhythm = member.person, member.enrolment.rhythm
        paused = rhythm.paused_until is not None and self.ctx.today(cohort) < rhythm.paused_until
        # After the course's last week (the longest pace) the weekly messages stop: a plan
        # made for someone who joined later would put the whole course in one week.
        nudge_at = moments.at(self.nudge_time(member))
        if paused or week < rhythm.plan_start_week or week > max(PACES) or nudge_at is None:
            return []
        key = f"{cohort.id}:{week}:{person.id}"
        name, to = person.display_name, person.address
        if now.finished:
            course = self.ctx.curriculum.title
            return [
                Due(
                    f"well-done:{cohort.id}:{person.id}",
                    to,
                    nudge_at,
                    lambda: well_done_message(name, course),
                    expires=False,
                )
            ]
        plan_week = now.this_week
        if plan_week is None:
            return []
        names = self.ctx.names_for(person.platform)
        due = [
            Due(f"nudge:{key}", to, nudge_at, lambda: nudge_message(name, now, plan_week, names))
        ]
        remind_at = moments.at(self.ctx.timetable.reminder)
        if rhythm.behind_reminders and now.behind_by > 0 and remind_at is not None:
            due.append(
                Due(f"behind:{key}", to, remind_at, lambda: behind_message(name, now, names))
            )
        return due

    def _cohort_post(
        self,
        cohort: Cohort,
        week: int,
        leaders: Sequence[Member],
        progress: Mapping[int, LeaderProgress],
    ) -> Due | None:
        plan = weekly_plan(self.ctx.curriculum.modules, cohort.default_pace)
        channel = cohort.channel(ChannelKind.COHORT)
        at = self._in_week(cohort, week, self.ctx.timetable.nudge)
        if channel is None or not leaders or week > len(plan) or at is None:
            return None
        counted = (progress.get(_id(m)) for m in leaders)
        on_track = sum(1 for p in counted if p is not None and p.behind_by == 0)
        curriculum = self.ctx.curriculum
        return Due(
            f"channel:{cohort.id}:{week}",
            channel,
            at,
            lambda: cohort_post(cohort.name, curriculum, plan[week - 1], on_track, len(leaders)),
        )

    async def _queue(self, uow: UnitOfWork, cohort: Cohort, due: list[Due]) -> None:
        """Queue each item for its time, or record it skipped if its day is past.

        Every item's time is already within working hours and its own week (`_in_week`).
        """
        zone, now = self.ctx.zone(cohort), self.ctx.clock.now()
        for item in due:
            past_its_day = now.astimezone(zone).date() > item.at.astimezone(zone).date()
            too_late = item.expires and past_its_day
            await uow.deliveries.enqueue(
                Delivery(
                    item.key,
                    Outgoing(item.build(), item.to),
                    status=DeliveryStatus.SKIPPED if too_late else DeliveryStatus.PENDING,
                    not_before=None if too_late else max(item.at, now),
                )
            )


class _Moments:
    """When what falls at each weekly time is sent this week, worked out once per walk
    (most leaders share the cohort's times); and whether a moment has passed, where
    `now` None means every moment has (a coordinator's nudge now)."""

    def __init__(self, rhythm: RhythmService, cohort: Cohort, week: int, now: datetime | None):
        self._rhythm, self._cohort, self._week, self._now = rhythm, cohort, week, now
        self._found: dict[WeeklyTime, datetime | None] = {}

    def at(self, when: WeeklyTime) -> datetime | None:
        if when not in self._found:
            self._found[when] = self._rhythm._in_week(self._cohort, self._week, when)
        return self._found[when]

    def passed(self, moment: datetime | None) -> bool:
        return moment is not None and (self._now is None or moment <= self._now)


_BATCH = 200  # leaders worked out between turns of the event loop


def _id(member: Member) -> int:
    assert member.enrolment.id is not None
    return member.enrolment.id
