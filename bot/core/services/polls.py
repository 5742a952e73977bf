"""Slot polls: a coordinator starts one, leaders answer it, coordinators see who has.

Votes are stored one per leader and slot (a repeated click changes nothing), and the
poll's messages are updated in place through the outbox, so the counts stay live.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import uuid4

from bot.core.messages import Answers, Form, Message, plain
from bot.core.model import Actor, ChannelKind, Cohort, Delivery, Member, Person, Role
from bot.core.outgoing import Outgoing
from bot.core.poll_form import poll_form, read_poll
from bot.core.polls import REMINDERS_BEFORE_DEADLINE, FormatVote, Poll, PollSlot, PollStatus, Vote
from bot.core.ports import UnitOfWork
from bot.core.replies.cohort import coordinators_only_message
from bot.core.replies.polls import (
    LABELS,
    Tally,
    missing_message,
    poll_message,
    poll_reminder,
    poll_started,
    results_message,
    vote_saved,
)
from bot.core.services.context import Membership, ServiceContext, membership
from bot.core.slot_choice import Availability

logger = logging.getLogger(__name__)

POST = "poll:{id}"  # the poll in the cohort channel
COPY = "poll-dm:{id}:{person}"  # a leader's own copy


@dataclass(frozen=True)
class PollService:
    ctx: ServiceContext

    async def form(self, actor: Actor) -> Form | Message:
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
        if coordinator is None:
            return coordinators_only_message(self.ctx.names_for(actor.platform))
        return poll_form(coordinator.cohort.name)

    async def problems(self, actor: Actor, answers: Answers) -> dict[str, str]:
        """What is wrong with a filled-in poll form, by input id; empty if it can start."""
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
        if coordinator is None:
            return {}
        checked = read_poll(answers, self.ctx.clock.now(), self.ctx.zone(coordinator.cohort))
        return checked if isinstance(checked, dict) else {}

    async def start(self, actor: Actor, answers: Answers) -> None:
        """Store the poll, post it to the cohort channel and send each leader a copy."""
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
            if coordinator is None:
                return
            cohort, now = coordinator.cohort, self.ctx.clock.now()
            plan = read_poll(answers, now, self.ctx.zone(cohort))
            if isinstance(plan, dict):
                return
            assert cohort.id is not None and coordinator.person.id is not None
            poll = await uow.polls.add(
                Poll(
                    cohort.id,
                    plan.title,
                    plan.deadline,
                    coordinator.person.id,
                    now,
                    plan.formats,
                    plan.capacity,
                    plan.hide_counts,
                ),
                plan.slots,
            )
            leaders = await uow.enrolments.members(cohort.id, Role.LEADER)
            person = coordinator.person
            await self._send_out(uow, cohort, poll, leaders)
            started = poll_started(
                poll, len(leaders), bool(cohort.cohort_channel), self.ctx.zone(cohort)
            )
            await uow.deliveries.enqueue(
                Delivery(f"poll-started:{poll.id}", Outgoing(started, person.address))
            )
            await uow.commit()
        self.ctx.wake_outbox()

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
        return plain(f"Saved: you would prefer {choice.lower()}.")

    async def results(self, actor: Actor) -> Message:
        """Who answered what, for coordinators."""
        async with self.ctx.uow() as uow:
            found = await latest_poll(self.ctx, uow, actor)
            if isinstance(found, Message):
                return found
            cohort, poll = found
            assert poll.id is not None
            slots = await uow.polls.slots(poll.id)
            names = await leader_names(uow, cohort)
            answers: dict[int, dict[Availability, list[str]]] = {}
            for vote in await uow.polls.votes(poll.id):
                by_answer = answers.setdefault(vote.slot_id, {})
                by_answer.setdefault(vote.availability, []).append(names.get(vote.person_id, "?"))
            formats: dict[str, list[str]] = {}
            for chosen in await uow.polls.format_votes(poll.id):
                formats.setdefault(chosen.choice, []).append(names.get(chosen.person_id, "?"))
        return results_message(poll, slots, self.ctx.zone(cohort), answers, formats)

    async def missing(self, actor: Actor) -> Message:
        """The leaders who have not answered, for coordinators."""
        async with self.ctx.uow() as uow:
            found = await latest_poll(self.ctx, uow, actor)
            if isinstance(found, Message):
                return found
            cohort, poll = found
            assert poll.id is not None and cohort.id is not None
            voted = {v.person_id for v in await uow.polls.votes(poll.id)}
            leaders = await uow.enrolments.members(cohort.id, Role.LEADER)
        return missing_message(
            poll, sorted(m.person.display_name for m in leaders if m.person.id not in voted)
        )

    async def run_due(self) -> None:
        """Remind leaders who have not answered, 48 and 24 hours before the deadline.

        Each reminder goes once, only if its moment came after the poll opened. One that
        working hours would hold over until the last one is due is dropped, so two never
        arrive together (session reminders follow the same rule).
        """
        now = self.ctx.clock.now()
        last = min(REMINDERS_BEFORE_DEADLINE)
        async with self.ctx.uow() as uow:
            for poll in await uow.polls.with_status(PollStatus.OPEN):
                due = [
                    b
                    for b in REMINDERS_BEFORE_DEADLINE
                    if poll.created_at <= poll.deadline - b <= now
                ]
                if not due or now >= poll.deadline:
                    continue
                cohort = await uow.cohorts.get(poll.cohort_id)
                if cohort is None:
                    continue
                zone = self.ctx.zone(cohort)
                due = [
                    b
                    for b in due
                    if b == last
                    or self.ctx.timetable.next_allowed(poll.deadline - b, zone)
                    < poll.deadline - last
                ]
                send_at = self.ctx.timetable.next_allowed(now, zone)
                if due and send_at < poll.deadline:
                    await self._remind(uow, cohort, poll, min(due), send_at)
            await uow.commit()
        self.ctx.wake_outbox()

    async def _remind(
        self, uow: UnitOfWork, cohort: Cohort, poll: Poll, before: timedelta, send_at: datetime
    ) -> None:
        """Queue the reminder for leaders who have not answered and do not have it yet:
        a few queries however many leaders there are."""
        assert cohort.id is not None and poll.id is not None
        prefix = f"poll-reminder:{poll.id}:{int(before.total_seconds() // 3600)}:"
        queued = await uow.deliveries.keys_starting(prefix)
        voted = {v.person_id for v in await uow.polls.votes(poll.id)}
        message = poll_reminder(poll, self.ctx.zone(cohort))
        for member in await uow.enrolments.members(cohort.id, Role.LEADER):
            person = member.person
            key = f"{prefix}{person.id}"
            if person.id in voted or key in queued:
                continue
            outgoing = Outgoing(message, person.address)
            await uow.deliveries.enqueue(Delivery(key, outgoing, not_before=send_at))

    async def next_time(self, after: datetime) -> datetime | None:
        """The next reminder before an open poll's deadline, for a clock that jumps."""
        async with self.ctx.uow() as uow:
            polls = await uow.polls.with_status(PollStatus.OPEN)
        moments = [p.deadline - b for p in polls for b in REMINDERS_BEFORE_DEADLINE]
        return min((m for m in moments if m > after), default=None)

    async def _send_out(
        self,
        uow: UnitOfWork,
        cohort: Cohort,
        poll: Poll,
        leaders: Sequence[Member],
    ) -> None:
        """The poll in the cohort channel, and a copy for each leader."""
        assert poll.id is not None
        slots = await uow.polls.slots(poll.id)
        zone = self.ctx.zone(cohort)
        counts = None if poll.hide_counts else count_votes([], slots)
        if channel := cohort.channel(ChannelKind.COHORT):
            post = Outgoing(poll_message(poll, slots, zone, counts), channel)
            await uow.deliveries.enqueue(Delivery(POST.format(id=poll.id), post))
        send_at = self.ctx.timetable.next_allowed(self.ctx.clock.now(), zone)
        copy = poll_message(poll, slots, zone, counts, mine={})
        for member in leaders:
            person = member.person
            await uow.deliveries.enqueue(
                Delivery(
                    COPY.format(id=poll.id, person=person.id),
                    Outgoing(copy, person.address),
                    not_before=send_at,
                )
            )

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


def count_votes(votes: Sequence[Vote], slots: Sequence[PollSlot]) -> Tally:
    counts: dict[int, Counter[Availability]] = {s.id: Counter() for s in slots if s.id is not None}
    for vote in votes:
        counts.setdefault(vote.slot_id, Counter())[vote.availability] += 1
    return counts


async def leader_names(uow: UnitOfWork, cohort: Cohort) -> dict[int, str]:
    assert cohort.id is not None
    return {
        m.person.id: m.person.display_name
        for m in await uow.enrolments.members(cohort.id, Role.LEADER)
        if m.person.id is not None
    }


async def people_by_id(uow: UnitOfWork, cohort: Cohort, ids: Iterable[int]) -> dict[int, Person]:
    """These people (voters, seated leaders), by id: the cohort's leaders in any status in
    one query, and anyone else one at a time."""
    assert cohort.id is not None
    wanted = set(ids)
    if not wanted:
        return {}
    found = {
        m.person.id: m.person
        for m in await uow.enrolments.all_members(cohort.id, Role.LEADER)
        if m.person.id is not None and m.person.id in wanted
    }
    for person_id in wanted - found.keys():
        if (person := await uow.people.get(person_id)) is not None:
            found[person_id] = person
    return found


async def _format_chosen(uow: UnitOfWork, poll: Poll, person_id: int) -> str | None:
    """The format a leader chose, if the poll asks about format."""
    if not poll.formats:
        return None
    chosen = await uow.polls.format_votes(poll.id or 0)
    return next((f.choice for f in chosen if f.person_id == person_id), None)


async def latest_poll(
    ctx: ServiceContext, uow: UnitOfWork, actor: Actor
) -> tuple[Cohort, Poll] | Message:
    """The coordinator's cohort and its newest poll, or why there is none to show."""
    coordinator = await membership(uow, actor, Role.COORDINATOR)
    if coordinator is None:
        return coordinators_only_message(ctx.names_for(actor.platform))
    cohort = coordinator.cohort
    assert cohort.id is not None
    polls = await uow.polls.for_cohort(cohort.id)
    if not polls:
        return plain(
            f"There is no poll yet. Start one with {ctx.names_for(actor.platform).cohort} poll."
        )
    return cohort, polls[0]
