"""Closing a poll and proposing sessions to the coordinators.

A poll closes at its deadline (the rhythm job) or on a coordinator's command, once: the
close is one conditional update. The proposal is worked out again from the votes when
the coordinator confirms, so nothing proposed needs storing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.messages import Message, plain
from bot.core.model import Actor, ChannelKind, Cohort, Delivery
from bot.core.outgoing import Outgoing
from bot.core.polls import Poll, PollSlot, PollStatus, PollVerb, Vote
from bot.core.ports import UnitOfWork
from bot.core.replies.polls import poll_message, proposal_message
from bot.core.services.context import ServiceContext
from bot.core.services.poll_choice import Which, chosen_poll
from bot.core.services.polls import POST, count_votes, leader_names
from bot.core.slot_choice import Availability, Proposal, Slot, propose


@dataclass(frozen=True)
class PollClosing:
    ctx: ServiceContext

    async def close(self, actor: Actor, which: Which) -> Message:
        """Close the open poll named (or the one meant) now and propose sessions."""
        async with self.ctx.uow() as uow:
            found = await chosen_poll(self.ctx, uow, actor, PollVerb.CLOSE, which)
            if isinstance(found, Message):
                return found
            cohort, poll = found
            if not await self._close(uow, cohort, poll):
                return plain(f"“{poll.title}” is already closed.")
            await uow.commit()
        self.ctx.wake_outbox()
        return plain(f"Closed “{poll.title}”. The proposed sessions are on their way to you.")

    async def run_due(self) -> None:
        """Close every poll whose deadline has passed."""
        now = self.ctx.clock.now()
        async with self.ctx.uow() as uow:
            for poll in await uow.polls.with_status(PollStatus.OPEN):
                if poll.deadline > now:
                    continue
                cohort = await uow.cohorts.get(poll.cohort_id)
                if cohort is not None:
                    await self._close(uow, cohort, poll)
            await uow.commit()
        self.ctx.wake_outbox()

    async def next_time(self, after: datetime) -> datetime | None:
        """The next deadline of an open poll, for a clock that jumps."""
        async with self.ctx.uow() as uow:
            polls = await uow.polls.with_status(PollStatus.OPEN)
        return min((p.deadline for p in polls if p.deadline > after), default=None)

    async def _close(self, uow: UnitOfWork, cohort: Cohort, poll: Poll) -> bool:
        """Close once, show the final counts, and send the proposal to the coordinators."""
        assert poll.id is not None and cohort.id is not None
        if not await uow.polls.close(poll.id):
            return False
        poll.status = PollStatus.CLOSED
        slots = await uow.polls.slots(poll.id)
        votes = await uow.polls.votes(poll.id)
        zone = self.ctx.zone(cohort)
        creator = await uow.people.get(poll.created_by)
        assert creator is not None
        if channel := cohort.channel(ChannelKind.COHORT):
            final = poll_message(poll, slots, zone, count_votes(votes, slots))
            outgoing = Outgoing(final, channel, replaces=POST.format(id=poll.id))
            await uow.deliveries.enqueue(Delivery(f"poll-closed:{poll.id}", outgoing))
        proposal = proposal_for(poll, slots, votes, None)
        names = await leader_names(uow, cohort)
        message = proposal_message(poll, {s.id or 0: s for s in slots}, proposal, names, zone)
        where = cohort.channel(ChannelKind.COORDINATORS) or creator.address
        await uow.deliveries.enqueue(Delivery(f"poll-proposal:{poll.id}", Outgoing(message, where)))
        return True


def proposal_for(
    poll: Poll, slots: Sequence[PollSlot], votes: Sequence[Vote], chosen: int | None
) -> Proposal:
    """The sessions the votes point to; with a chosen slot, one there for everyone who can
    make it, whatever the poll's session size."""
    answers: dict[int, dict[int, Availability]] = {}
    for vote in votes:
        answers.setdefault(vote.person_id, {})[vote.slot_id] = vote.availability
    candidates = [Slot(s.id or 0, s.starts_at, s.minutes) for s in slots]
    if chosen is None:
        return propose(candidates, answers, poll.capacity)
    return propose([s for s in candidates if s.id == chosen], answers)
