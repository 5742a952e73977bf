"""Closing a poll, proposing sessions, and confirming them with invitations.

A poll closes at its deadline (the rhythm job) or on a coordinator's command, once: the
close is one conditional update. The proposal is worked out again from the votes when
the coordinator confirms, so nothing proposed needs storing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.invites import calendar_invite
from bot.core.messages import Answers, Form, Message, plain
from bot.core.model import Actor, ChannelKind, Cohort, Delivery, Person, Role
from bot.core.outgoing import Attachment, Outgoing
from bot.core.polls import Poll, PollSlot, PollStatus, ReflectionSession, Vote
from bot.core.ports import UnitOfWork
from bot.core.replies.cohort import coordinators_only_message
from bot.core.replies.polls import poll_message, proposal_message
from bot.core.replies.sessions import (
    SESSION_FORMAT,
    announcement,
    confirmed_note,
    invitation,
    place_input,
    sessions_form,
)
from bot.core.services.context import ServiceContext, membership
from bot.core.services.polls import POST, count_votes, leader_names, people_by_id
from bot.core.slot_choice import Availability, Proposal, Session, Slot, propose


@dataclass(frozen=True)
class _Closed:
    """A closed, unconfirmed poll a button names, and the sessions its votes point to."""

    cohort: Cohort
    poll: Poll
    slots: Sequence[PollSlot]
    chosen: int | None  # a slot the coordinator chose instead of the proposal's
    proposal: Proposal


@dataclass(frozen=True)
class PollClosing:
    ctx: ServiceContext

    async def close(self, actor: Actor) -> Message:
        """Close the cohort's open poll now and propose sessions."""
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
            if coordinator is None:
                return coordinators_only_message(self.ctx.names_for(actor.platform))
            cohort = coordinator.cohort
            assert cohort.id is not None
            poll = next(
                (p for p in await uow.polls.for_cohort(cohort.id) if p.status is PollStatus.OPEN),
                None,
            )
            if poll is None or not await self._close(uow, cohort, poll):
                return plain("There is no open poll to close.")
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
            by_id = {s.id: s for s in found.slots}
            people = await people_by_id(
                uow, cohort, (p for s in found.proposal.sessions for p in s.leaders)
            )
            fmt = next(iter(answers.get(SESSION_FORMAT, ())), "")
            made = []
            for planned in found.proposal.sessions:
                place = next(iter(answers.get(place_input(planned.slot_id), ())), "").strip()
                session = await uow.sessions.add(
                    ReflectionSession(poll.id or 0, planned.slot_id, place, fmt), planned.leaders
                )
                slot = by_id[planned.slot_id]
                await self._invite(uow, cohort, poll, slot, session, planned, people)
                made.append((session, slot, len(planned.leaders)))
            await self._announce(uow, cohort, poll, made, actor)
            await uow.commit()
        self.ctx.wake_outbox()

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
        proposal = _proposal(poll, slots, votes, None)
        names = await leader_names(uow, cohort)
        message = proposal_message(poll, {s.id or 0: s for s in slots}, proposal, names, zone)
        where = cohort.channel(ChannelKind.COORDINATORS) or creator.address
        await uow.deliveries.enqueue(Delivery(f"poll-proposal:{poll.id}", Outgoing(message, where)))
        return True

    async def _invite(
        self,
        uow: UnitOfWork,
        cohort: Cohort,
        poll: Poll,
        slot: PollSlot,
        session: ReflectionSession,
        planned: Session,
        people: dict[int, Person],
    ) -> None:
        """Each leader's invitation, in their own time zone, with a calendar file."""
        for person_id in planned.leaders:
            person = people.get(person_id)
            if person is None:
                continue
            zone = _zone(person, cohort)
            message = invitation(poll, slot, session, zone)
            ics = calendar_invite(
                uid=f"session-{session.id}-{cohort.slug}@facilitator",
                title=poll.title,
                starts_at=slot.starts_at,
                minutes=slot.minutes,
                time_zone=zone.key,
                place=session.place,
                description=f"{cohort.name}. {session.format}".strip(),
                stamped_at=self.ctx.clock.now(),
            )
            attachment = Attachment.text("reflection-session.ics", ics, poll.title)
            await uow.deliveries.enqueue(
                Delivery(
                    f"session-invite:{session.id}:{person_id}",
                    Outgoing(message, person.address, attachment=attachment),
                    not_before=self.ctx.timetable.next_allowed(self.ctx.clock.now(), zone),
                )
            )

    async def _announce(
        self,
        uow: UnitOfWork,
        cohort: Cohort,
        poll: Poll,
        made: list[tuple[ReflectionSession, PollSlot, int]],
        actor: Actor,
    ) -> None:
        zone = self.ctx.zone(cohort)
        if channel := cohort.channel(ChannelKind.COHORT):
            announced = Outgoing(announcement(poll, made, zone), channel)
            await uow.deliveries.enqueue(Delivery(f"sessions-announced:{poll.id}", announced))
        invited = sum(count for _, _, count in made)
        await uow.deliveries.enqueue(
            Delivery(
                f"sessions-confirmed:{poll.id}",
                Outgoing(confirmed_note(poll, len(made), invited), actor.address),
            )
        )

    async def _closed_poll(self, uow: UnitOfWork, actor: Actor, value: str) -> _Closed | Message:
        """The closed, unconfirmed poll a button names (`poll` or `poll:slot`), with the
        sessions its votes point to, worked out again: a proposal is never stored."""
        coordinator = await membership(uow, actor, Role.COORDINATOR)
        if coordinator is None:
            return coordinators_only_message(self.ctx.names_for(actor.platform))
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
        proposal = _proposal(poll, slots, await uow.polls.votes(poll.id), chosen)
        return _Closed(coordinator.cohort, poll, slots, chosen, proposal)


def _proposal(
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


def _zone(person: Person, cohort: Cohort) -> ZoneInfo:
    """The person's own time zone, or the cohort's when theirs is unknown."""
    try:
        return ZoneInfo(person.time_zone or cohort.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(cohort.time_zone)
