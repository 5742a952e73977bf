"""Changing a confirmed session (its time, place, format or notes) or cancelling it.

The leaders in it hear through the outbox, within working hours, each with a calendar
file for the same event at a higher sequence, so their calendar updates or removes the
event it holds. Messages about the session still waiting to go are withdrawn first, so
nobody gets old details after new ones. A form carries the sequence it was opened at: a
change made from an older state is refused, so two coordinators cannot overwrite each
other unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.invites import CalendarMethod
from bot.core.messages import Answers, Form, Message, plain
from bot.core.model import Actor, ChannelKind, Cohort, Delivery, Role
from bot.core.outgoing import Outgoing
from bot.core.poll_form import first_answer
from bot.core.polls import Poll, ReflectionSession
from bot.core.ports import UnitOfWork
from bot.core.replies.polls import when
from bot.core.replies.session_changes import (
    cancelled_note,
    changed_meanwhile,
    changed_note,
    nothing_changed,
    session_cancelled,
    session_changed,
)
from bot.core.replies.sessions import announcement, invitation
from bot.core.services.context import ServiceContext, coordinator_of, membership
from bot.core.services.session_confirmation import ANNOUNCED
from bot.core.services.session_invites import tell_leaders
from bot.core.session_form import (
    NOTE,
    SessionPlan,
    cancel_form,
    change_form,
    changes,
    read_change,
    read_state,
)

# Each leader's news of one session, and every message about it: what news makes out of date.
NEWS = ("session-invite:{id}:", "session-change:{id}:")
ABOUT_SESSION = (*NEWS, "session-reminder:{id}:")


@dataclass(frozen=True)
class _Found:
    """A session a coordinator may still change, with its poll and its leaders."""

    cohort: Cohort
    poll: Poll
    session: ReflectionSession
    leaders: Sequence[int]  # person ids


@dataclass(frozen=True)
class SessionChanges:
    ctx: ServiceContext

    async def change_form(self, actor: Actor, value: str) -> Form | Message:
        """The session as it is, to change."""
        async with self.ctx.uow() as uow:
            found = await self._changeable(uow, actor, value)
        if isinstance(found, Message):
            return found
        zone = self.ctx.zone(found.cohort)
        return change_form(found.poll, found.session, zone, len(found.leaders))

    async def cancel_form(self, actor: Actor, value: str) -> Form | Message:
        """Are you sure, with a note for the leaders."""
        async with self.ctx.uow() as uow:
            found = await self._changeable(uow, actor, value)
        if isinstance(found, Message):
            return found
        zone = self.ctx.zone(found.cohort)
        return cancel_form(found.poll, found.session, zone, len(found.leaders))

    async def change_problems(self, actor: Actor, answers: Answers) -> dict[str, str]:
        """What is wrong with a filled-in change form, by input id."""
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
        if coordinator is None:
            return {}
        zone = self.ctx.zone(coordinator.cohort)
        checked = read_change(answers, self.ctx.clock.now(), zone)
        return checked if isinstance(checked, dict) else {}

    async def change(self, actor: Actor, state: str, answers: Answers, submission: str) -> None:
        """Keep the new details and send them to the session's leaders."""
        now = self.ctx.clock.now()
        async with self.ctx.uow() as uow:
            if not await uow.processed_events.record(f"session-form:{submission}", now):
                return  # the same form sent twice
            found = await self._from_form(uow, actor, state)
            if isinstance(found, Message):
                outcome = found
            else:
                plan = read_change(answers, now, self.ctx.zone(found.cohort))
                if isinstance(plan, dict):
                    return  # the form's checks showed these; nothing is kept
                outcome = await self._change(uow, actor, found, plan)
            await self._note(uow, actor, submission, outcome)
            await uow.commit()
        self.ctx.wake_outbox()

    async def cancel(self, actor: Actor, state: str, answers: Answers, submission: str) -> None:
        """Cancel the session and tell its leaders, with the coordinator's note."""
        now = self.ctx.clock.now()
        async with self.ctx.uow() as uow:
            if not await uow.processed_events.record(f"session-form:{submission}", now):
                return
            found = await self._from_form(uow, actor, state)
            if isinstance(found, Message):
                outcome = found
            else:
                note = first_answer(answers, NOTE).strip()
                outcome = await self._cancel(uow, actor, found, note)
            await self._note(uow, actor, submission, outcome)
            await uow.commit()
        self.ctx.wake_outbox()

    async def _change(
        self, uow: UnitOfWork, actor: Actor, found: _Found, plan: SessionPlan
    ) -> Message:
        changed = changes(found.session, plan)
        if not changed:
            return nothing_changed()
        after = replace(
            found.session,
            starts_at=plan.starts_at,
            minutes=plan.minutes,
            place=plan.place,
            format=plan.format,
            notes=plan.notes,
            sequence=found.session.sequence + 1,
        )

        def news(zone: ZoneInfo, knew: bool) -> Message:
            # Someone whose invitation had not gone yet is invited as things now stand.
            if knew:
                return session_changed(found.poll, after, zone, changed)
            return invitation(found.poll, after, zone)

        told = await self._apply(uow, actor, found, after, news, CalendarMethod.REQUEST)
        if isinstance(told, Message):
            return told
        return changed_note(found.poll, after, self.ctx.zone(found.cohort), told)

    async def _cancel(self, uow: UnitOfWork, actor: Actor, found: _Found, note: str) -> Message:
        after = replace(found.session, cancelled=True, sequence=found.session.sequence + 1)

        def news(zone: ZoneInfo, knew: bool) -> Message | None:
            # Someone whose invitation had not gone yet never heard of it: nothing to undo.
            return session_cancelled(found.poll, after, zone, note) if knew else None

        told = await self._apply(uow, actor, found, after, news, CalendarMethod.CANCEL)
        if isinstance(told, Message):
            return told
        return cancelled_note(found.poll, after, self.ctx.zone(found.cohort), told)

    async def _apply(
        self,
        uow: UnitOfWork,
        actor: Actor,
        found: _Found,
        after: ReflectionSession,
        news: Callable[[ZoneInfo, bool], Message | None],
        method: CalendarMethod,
    ) -> int | Message:
        """Keep the session as `after` and tell its leaders their `news` (whether they
        knew of the session so far: an invitation or a change reached them or is on its
        way); how many were told, or why nothing was kept (someone changed it first)."""
        before = found.session
        if not await uow.sessions.update(after, seen=before.sequence):
            return changed_meanwhile(self.ctx.names_for(actor.platform))
        for prefix in ABOUT_SESSION:
            await uow.deliveries.withdraw_pending(prefix.format(id=before.id))
        knew = await _told_so_far(uow, before)
        told = await tell_leaders(
            self.ctx,
            uow,
            found.cohort,
            found.poll,
            after,
            found.leaders,
            f"session-change:{after.id}:{after.sequence}",
            lambda zone, person: news(zone, person in knew),
            method,
            before=min(before.starts_at, after.starts_at),
        )
        await self._refresh_announcement(uow, found.cohort, found.poll, after)
        return told

    async def _refresh_announcement(
        self, uow: UnitOfWork, cohort: Cohort, poll: Poll, changed: ReflectionSession
    ) -> None:
        """Show the sessions as they now stand in the cohort channel's announcement."""
        channel = cohort.channel(ChannelKind.COHORT)
        announced = ANNOUNCED.format(poll=poll.id)
        if channel is None or await uow.deliveries.get(announced) is None:
            return
        sessions = await uow.sessions.for_poll(poll.id or 0)
        seats = await uow.sessions.seats([s.id for s in sessions if s.id is not None])
        counted = [(s, sum(1 for seat in seats if seat.session_id == s.id)) for s in sessions]
        message = announcement(poll, counted, self.ctx.zone(cohort))
        await uow.deliveries.enqueue(
            Delivery(
                f"{announced}:{changed.id}:{changed.sequence}",
                Outgoing(message, channel, replaces=announced),
            )
        )

    async def _note(self, uow: UnitOfWork, actor: Actor, submission: str, note: Message) -> None:
        """Tell the coordinator what their form did."""
        key = f"session-note:{submission}"
        await uow.deliveries.enqueue(Delivery(key, Outgoing(note, actor.address)))

    async def _from_form(self, uow: UnitOfWork, actor: Actor, state: str) -> _Found | Message:
        """The session a form was opened for, if it has not changed since."""
        opened = read_state(state)
        if opened is None:
            return plain("That session no longer exists.")
        session_id, seen = opened
        found = await self._changeable(uow, actor, str(session_id))
        if isinstance(found, _Found) and found.session.sequence != seen:
            return changed_meanwhile(self.ctx.names_for(actor.platform))
        return found

    async def _changeable(self, uow: UnitOfWork, actor: Actor, value: str) -> _Found | Message:
        """The session a button names, if the actor coordinates its cohort and it is still
        to come and not cancelled."""
        coordinator = await coordinator_of(self.ctx, uow, actor)
        if isinstance(coordinator, Message):
            return coordinator
        session = await uow.sessions.get(int(value)) if value.isdigit() else None
        poll = await uow.polls.get(session.poll_id) if session else None
        if session is None or poll is None or poll.cohort_id != coordinator.cohort.id:
            return plain("That session no longer exists.")
        cohort, zone = coordinator.cohort, self.ctx.zone(coordinator.cohort)
        what = f"The session for “{poll.title}” on {when(session, zone)}"
        if session.cancelled:
            return plain(f"{what} is cancelled.")
        if _begun(session, self.ctx.clock.now()):
            return plain(f"{what} has begun, so it can no longer be changed.")
        leaders = [seat.person_id for seat in await uow.sessions.seats([session.id or 0])]
        return _Found(cohort, poll, session, leaders)


async def _told_so_far(uow: UnitOfWork, session: ReflectionSession) -> set[int]:
    """The people an invitation or change about the session reached, or is reaching now:
    whatever of theirs was not withdrawn (each key ends in the person's id)."""
    keys = set()
    for prefix in NEWS:
        keys |= await uow.deliveries.keys_starting(prefix.format(id=session.id))
    return {int(key.rsplit(":", 1)[1]) for key in keys}


def _begun(session: ReflectionSession, now: datetime) -> bool:
    return now >= session.starts_at
