"""Confirming the sessions a closed poll proposes: another slot if the coordinator picks
one, the form for where and how, and each leader's invitation with a calendar file.

The proposal is worked out again from the votes each time, so nothing proposed is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.invites import CalendarMethod
from bot.core.messages import Answers, Form, Message, plain
from bot.core.model import Actor, ChannelKind, Cohort, Delivery
from bot.core.outgoing import Outgoing
from bot.core.polls import Poll, PollSlot, PollStatus, ReflectionSession
from bot.core.ports import UnitOfWork
from bot.core.replies.polls import proposal_message
from bot.core.replies.sessions import (
    SESSION_FORMAT,
    announcement,
    confirmed_note,
    invitation,
    place_input,
    sessions_form,
)
from bot.core.services.context import ServiceContext, coordinator_of
from bot.core.services.poll_closing import proposal_for
from bot.core.services.polls import leader_names
from bot.core.services.session_invites import tell_leaders
from bot.core.slot_choice import Proposal, Session

ANNOUNCED = "sessions-announced:{poll}"  # the sessions in the cohort channel


@dataclass(frozen=True)
class _Closed:
    """A closed, unconfirmed poll a button names, and the sessions its votes point to."""

    cohort: Cohort
    poll: Poll
    slots: Sequence[PollSlot]
    chosen: int | None  # a slot the coordinator chose instead of the proposal's
    proposal: Proposal


@dataclass(frozen=True)
class SessionConfirmation:
    ctx: ServiceContext

    async def use_slot(self, actor: Actor, value: str) -> Message:
        """The proposal with one slot the coordinator chose instead."""
        async with self.ctx.uow() as uow:
            found = await self._closed_poll(uow, actor, value)
            if isinstance(found, Message):
                return found
            names = await leader_names(uow, found.cohort)
        return proposal_message(
            found.poll,
            {s.id or 0: s for s in found.slots},
            found.proposal,
            names,
            self.ctx.zone(found.cohort),
            found.chosen,
        )

    async def confirm_form(self, actor: Actor, value: str) -> Form | Message:
        """Where and how each proposed session happens, to fill in before inviting."""
        async with self.ctx.uow() as uow:
            found = await self._closed_poll(uow, actor, value)
            if isinstance(found, Message):
                return found
            poll = found.poll
            favourite = Counter(f.choice for f in await uow.polls.format_votes(poll.id or 0))
        proposed = {session.slot_id for session in found.proposal.sessions}
        chosen_slots = [s for s in found.slots if s.id in proposed]
        top = favourite.most_common(1)[0][0] if favourite else None
        return sessions_form(poll, chosen_slots, self.ctx.zone(found.cohort), value, top)

    async def confirm(self, actor: Actor, value: str, answers: Answers) -> None:
        """Set the sessions, invite each leader with a calendar file, and tell the cohort."""
        async with self.ctx.uow() as uow:
            found = await self._closed_poll(uow, actor, value)
            if isinstance(found, Message):
                return
            cohort, poll = found.cohort, found.poll
            poll.status = PollStatus.CONFIRMED
            await uow.polls.update(poll)
            fmt = next(iter(answers.get(SESSION_FORMAT, ())), "")
            made = [
                await self._book(uow, found, planned, answers, fmt)
                for planned in found.proposal.sessions
            ]
            await self._announce(uow, cohort, poll, made, actor)
            await uow.commit()
        self.ctx.wake_outbox()

    async def _book(
        self, uow: UnitOfWork, found: _Closed, planned: Session, answers: Answers, fmt: str
    ) -> tuple[ReflectionSession, int]:
        """Keep one session with a seat for each of its leaders, and invite them."""
        poll = found.poll
        slot = next(s for s in found.slots if s.id == planned.slot_id)
        place = next(iter(answers.get(place_input(planned.slot_id), ())), "").strip()
        session = await uow.sessions.add(
            ReflectionSession(
                poll.id or 0,
                planned.slot_id,
                place,
                fmt,
                starts_at=slot.starts_at,
                minutes=slot.minutes,
            ),
            planned.leaders,
        )
        await tell_leaders(
            self.ctx,
            uow,
            found.cohort,
            poll,
            session,
            planned.leaders,
            f"session-invite:{session.id}",
            lambda zone, _: invitation(poll, session, zone),
            CalendarMethod.PUBLISH,
            before=session.starts_at,
        )
        return session, len(planned.leaders)

    async def _announce(
        self,
        uow: UnitOfWork,
        cohort: Cohort,
        poll: Poll,
        made: list[tuple[ReflectionSession, int]],
        actor: Actor,
    ) -> None:
        """Show the sessions in the cohort channel and tell the coordinator who is invited."""
        zone = self.ctx.zone(cohort)
        if channel := cohort.channel(ChannelKind.COHORT):
            announced = Outgoing(announcement(poll, made, zone), channel)
            await uow.deliveries.enqueue(Delivery(ANNOUNCED.format(poll=poll.id), announced))
        invited = sum(count for _, count in made)
        note = confirmed_note(poll, len(made), invited, self.ctx.names_for(actor.platform))
        await uow.deliveries.enqueue(
            Delivery(f"sessions-confirmed:{poll.id}", Outgoing(note, actor.address))
        )

    async def _closed_poll(self, uow: UnitOfWork, actor: Actor, value: str) -> _Closed | Message:
        """The closed, unconfirmed poll a button names (`poll` or `poll:slot`), with the
        sessions its votes point to, worked out again: a proposal is never stored."""
        coordinator = await coordinator_of(self.ctx, uow, actor)
        if isinstance(coordinator, Message):
            return coordinator
        poll_id, _, slot_id = value.partition(":")
        poll = await uow.polls.get(int(poll_id)) if poll_id.isdigit() else None
        if poll is None or poll.id is None or poll.cohort_id != coordinator.cohort.id:
            return plain("That poll no longer exists.")
        if poll.status is PollStatus.CONFIRMED:
            return plain(f"The sessions for “{poll.title}” are already confirmed.")
        if poll.status is PollStatus.OPEN:
            return plain(f"“{poll.title}” is still open. Close it first.")
        slots = await uow.polls.slots(poll.id)
        chosen = int(slot_id) if slot_id.isdigit() else None
        if chosen is not None and chosen not in {s.id for s in slots}:
            return plain("That time is not in the poll.")
        proposal = proposal_for(poll, slots, await uow.polls.votes(poll.id), chosen)
        return _Closed(coordinator.cohort, poll, slots, chosen, proposal)
