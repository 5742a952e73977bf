"""A leader's own choices: pace, plan, pauses, reminder times, snoozes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from bot.core.commands import (
    LeaderChoice,
    Pause,
    Resume,
    SetBehindReminders,
    SetNudgeTime,
    SetPace,
    ShowPlan,
)
from bot.core.messages import Message, plain
from bot.core.model import Actor, Delivery, Role
from bot.core.outgoing import Outgoing
from bot.core.ports import UnitOfWork
from bot.core.replies.nudges import nudge_message, outside_hours_message, plan_message
from bot.core.services.context import Membership, ServiceContext, membership
from bot.core.services.outsiders import not_a_leader
from bot.core.standing import Standing, standing
from bot.core.timetable import WeeklyTime
from bot.core.wording import day


@dataclass(frozen=True)
class ChoicesService:
    ctx: ServiceContext

    async def choose(self, actor: Actor, choice: LeaderChoice) -> Message:
        """Apply one of the leader's choices and confirm it in plain words."""
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                return await not_a_leader(uow, actor)
            now = await self._standing(uow, member)
            reply = await self._apply(uow, member, now, choice)
            await uow.commit()
        return reply

    async def snooze(self, actor: Actor, week: int) -> Message:
        """Send this week's nudge again on the next working day at the leader's time."""
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                return await not_a_leader(uow, actor)
            now = await self._standing(uow, member)
            plan_week = next((w for w in now.plan if w.number == week), now.this_week)
            if plan_week is None:
                return plain("There is nothing planned to remind you of.")
            zone = self.ctx.zone(member.cohort)
            rhythm = member.enrolment.rhythm
            usual = self.ctx.timetable.nudge.overridden(rhythm.nudge_weekday, rhythm.nudge_time)
            at = self.ctx.timetable.next_working_day_at(self.ctx.clock.now(), usual.at, zone)
            nudge = nudge_message(
                member.person.display_name, now, plan_week, self.ctx.names_for(actor.platform)
            )
            await uow.deliveries.enqueue(
                Delivery(
                    f"nudge-again:{member.cohort.id}:{week}:{member.person.id}:{at.date()}",
                    Outgoing(nudge, actor.address),
                    not_before=at,
                )
            )
            await uow.commit()
        local = at.astimezone(zone)
        return plain(f"I will send it again on {day(local.date())} at {local:%H:%M}.")

    async def plan(self, actor: Actor) -> Message:
        """The leader's plan, or a catch-up plan when they are behind."""
        return await self.choose(actor, ShowPlan())

    async def _apply(
        self, uow: UnitOfWork, member: Membership, now: Standing, choice: LeaderChoice
    ) -> Message:
        enrolment, rhythm = member.enrolment, member.enrolment.rhythm
        today = self.ctx.today(member.cohort)
        match choice:
            case ShowPlan():
                return plan_message(now, self.ctx.names_for(member.person.platform))
            case SetPace(weeks=weeks):
                enrolment.pace = weeks
                text = f"Your pace is now {weeks} weeks. Your plan follows it from now on."
            case Pause(days=days):
                until = today + timedelta(days=days)
                enrolment.rhythm = replace(rhythm, paused_until=until)
                text = (
                    f"Paused. I will send you nothing until {day(until)}. "
                    f"Type {self.ctx.names_for(member.person.platform).progress} resume "
                    "to start again sooner."
                )
            # A pause that ran out still gets its fresh plan; only one never taken has none.
            case Resume() if rhythm.paused_until is None:
                return plain(
                    "You are not paused, so there is nothing to resume. "
                    "Your weekly message comes as usual."
                )
            case Resume():
                enrolment.rhythm = replace(
                    rhythm,
                    paused_until=None,
                    plan_start_week=max(now.week, 1),
                    done_at_replan=now.done,
                )
                text = "Welcome back. I have made you a fresh plan from this week."
            case SetNudgeTime(weekday=weekday, at=at):
                chosen = WeeklyTime(weekday, at)
                if not self.ctx.timetable.fits(chosen):
                    names = self.ctx.names_for(member.person.platform)
                    return outside_hours_message(chosen, self.ctx.timetable, names)
                enrolment.rhythm = replace(rhythm, nudge_weekday=weekday, nudge_time=at)
                text = f"I will send your weekly message on {chosen.describe()}."
            case SetBehindReminders(on=on):
                enrolment.rhythm = replace(rhythm, behind_reminders=on)
                text = (
                    "I will remind you when you fall behind."
                    if on
                    else "I will not remind you when you fall behind. Your weekly message stays."
                )
        await uow.enrolments.update(enrolment)
        return plain(text)

    async def _standing(self, uow: UnitOfWork, member: Membership) -> Standing:
        assert member.enrolment.id is not None
        done = frozenset(
            c.module_id for c in await uow.completions.for_enrolment(member.enrolment.id)
        )
        today = self.ctx.today(member.cohort)
        return standing(self.ctx.curriculum, member.cohort, member.enrolment, done, today)
