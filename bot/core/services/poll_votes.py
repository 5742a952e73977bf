"""Leaders answering a slot poll: each slot yes, if need be or no, and the format they
prefer.

Votes are stored one per leader and slot (a repeated click changes nothing), and the
poll's messages are updated in place through the outbox, so the counts stay live.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import uuid4

from bot.core.messages import Message, plain
from bot.core.model import Actor, ChannelKind, Delivery, Role
from bot.core.outgoing import Outgoing
from bot.core.polls import FormatVote, Poll, PollSlot, Vote
from bot.core.ports import UnitOfWork
from bot.core.replies.polls import LABELS, format_saved, poll_message, vote_saved
from bot.core.services.context import Membership, ServiceContext, membership
from bot.core.services.polls import COPY, POST, count_votes
from bot.core.slot_choice import Availability


@dataclass(frozen=True)
class PollVoting:
    ctx: ServiceContext

    async def vote(self, actor: Actor, value: str, answer: Availability) -> Message:
        """Keep a leader's answer for one slot and show the poll's new state."""
        poll_id, _, slot_id = value.partition(":")
        async with self.ctx.uow() as uow:
            found = await self._open_poll(uow, actor, poll_id)
            if isinstance(found, Message):
                return found
            member, poll, slots = found
            slot = next((s for s in slots if str(s.id) == slot_id), None)
            if slot is None or slot.id is None:
                return plain("That time is no longer in the poll.")
            assert poll.id is not None and member.person.id is not None
            await uow.polls.vote(Vote(poll.id, slot.id, member.person.id, answer))
            my_format = await _format_chosen(uow, poll, member.person.id)
            await self._refresh(uow, member, poll, slots, my_format)
            await uow.commit()
        self.ctx.wake_outbox()
        return vote_saved(LABELS[answer], slot, poll, self.ctx.zone(member.cohort))

    async def vote_format(self, actor: Actor, value: str) -> Message:
        """Keep the session format a leader prefers and show it in their copy."""
        poll_id, _, index = value.partition(":")
        async with self.ctx.uow() as uow:
            found = await self._open_poll(uow, actor, poll_id)
            if isinstance(found, Message):
                return found
            member, poll, slots = found
            if not index.isdigit() or int(index) >= len(poll.formats):
                return plain("That format is no longer offered.")
            choice = poll.formats[int(index)]
            assert poll.id is not None and member.person.id is not None
            await uow.polls.vote_format(FormatVote(poll.id, member.person.id, choice))
            await self._refresh(uow, member, poll, slots, choice)
            await uow.commit()
        self.ctx.wake_outbox()
        return format_saved(choice, poll)

    async def _refresh(
        self,
        uow: UnitOfWork,
        member: Membership,
        poll: Poll,
        slots: Sequence[PollSlot],
        my_format: str | None,
    ) -> None:
        """Show the new counts in the channel and the leader's own answers in their copy."""
        assert poll.id is not None
        person, cohort, zone = member.person, member.cohort, self.ctx.zone(member.cohort)
        votes = await uow.polls.votes(poll.id)
        counts = None if poll.hide_counts else count_votes(votes, slots)
        mine = {v.slot_id: v.availability for v in votes if v.person_id == person.id}
        # Every refresh has a key of its own: they replace the message in order, the last wins.
        refresh = uuid4().hex
        channel = cohort.channel(ChannelKind.COHORT)
        if channel is not None and counts is not None:
            post = poll_message(poll, slots, zone, counts)
            replaced = POST.format(id=poll.id)
            await uow.deliveries.enqueue(
                Delivery(
                    f"poll-tally:{poll.id}:{refresh}", Outgoing(post, channel, replaces=replaced)
                )
            )
        copy = poll_message(poll, slots, zone, counts, mine, my_format)
        replaced = COPY.format(id=poll.id, person=person.id)
        await uow.deliveries.enqueue(
            Delivery(
                f"poll-mine:{poll.id}:{person.id}:{refresh}",
                Outgoing(copy, person.address, replaces=replaced),
            )
        )

    async def _open_poll(
        self, uow: UnitOfWork, actor: Actor, poll_id: str
    ) -> tuple[Membership, Poll, Sequence[PollSlot]] | Message:
        """The leader, the poll they answer if it still takes answers, and its slots."""
        member = await membership(uow, actor, Role.LEADER)
        poll = await uow.polls.get(int(poll_id)) if poll_id.isdigit() else None
        if member is None or poll is None or poll.cohort_id != member.cohort.id:
            return plain("Only the cohort's leaders can answer this poll.")
        if not poll.accepts_votes(self.ctx.clock.now()):
            return plain(
                f"Sorry, votes for “{poll.title}” have closed. Your answer was not counted."
            )
        return member, poll, await uow.polls.slots(poll.id or 0)


async def _format_chosen(uow: UnitOfWork, poll: Poll, person_id: int) -> str | None:
    """The format a leader chose, if the poll asks about format."""
    if not poll.formats:
        return None
    chosen = await uow.polls.format_votes(poll.id or 0)
    return next((f.choice for f in chosen if f.person_id == person_id), None)
