"""Slot polls: a coordinator starts one from the form, after its checks; the poll goes to
the cohort channel and a copy to each leader. Also the helpers the poll services share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.messages import Answers, Form, Message
from bot.core.model import Actor, ChannelKind, Cohort, Delivery, Member, Person, Role
from bot.core.outgoing import Outgoing
from bot.core.poll_form import TITLE, poll_form, read_poll
from bot.core.polls import Poll, PollSlot, Vote, title_key
from bot.core.ports import UnitOfWork
from bot.core.replies.polls import Tally, poll_message, poll_started
from bot.core.replies.slot_hours import with_odd_times
from bot.core.services.context import ServiceContext, coordinator_of, membership
from bot.core.slot_choice import Availability
from bot.core.slot_hours import odd_slots

POST = "poll:{id}"  # the poll in the cohort channel
COPY = "poll-dm:{id}:{person}"  # a leader's own copy


@dataclass(frozen=True)
class PollService:
    ctx: ServiceContext

    async def form(self, actor: Actor) -> Form | Message:
        """The form to start a poll, for coordinators."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
        if isinstance(coordinator, Message):
            return coordinator
        return poll_form(coordinator.cohort.name)

    async def problems(self, actor: Actor, answers: Answers) -> dict[str, str]:
        """What is wrong with a filled-in poll form, by input id; empty if it can start."""
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
            if coordinator is None:
                return {}
            cohort = coordinator.cohort
            checked = read_poll(answers, self.ctx.clock.now(), self.ctx.zone(cohort))
            problems = checked if isinstance(checked, dict) else {}
            title = " ".join(answers.get(TITLE, ())).strip()
            if title and TITLE not in problems:
                taken = await _title_taken(uow, cohort, title)
                if taken is not None:
                    problems[TITLE] = taken
        return problems

    async def start(self, actor: Actor, answers: Answers) -> None:
        """Store the poll, post it to the cohort channel and send each leader a copy."""
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
            if coordinator is None:
                return
            cohort, now = coordinator.cohort, self.ctx.clock.now()
            plan = read_poll(answers, now, self.ctx.zone(cohort))
            if isinstance(plan, dict) or await _title_taken(uow, cohort, plan.title):
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
            zone = self.ctx.zone(cohort)
            started = poll_started(poll, len(leaders), bool(cohort.cohort_channel), zone)
            if odd := odd_slots(plan.slots, self.ctx.timetable, zone):
                started = with_odd_times(started, odd, self.ctx.timetable, zone)
            await uow.deliveries.enqueue(
                Delivery(f"poll-started:{poll.id}", Outgoing(started, person.address))
            )
            await uow.commit()
        self.ctx.wake_outbox()

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


def count_votes(votes: Sequence[Vote], slots: Sequence[PollSlot]) -> Tally:
    """How many answered yes, if need be and no, per slot."""
    counts: dict[int, Counter[Availability]] = {s.id: Counter() for s in slots if s.id is not None}
    for vote in votes:
        counts.setdefault(vote.slot_id, Counter())[vote.availability] += 1
    return counts


async def leader_names(uow: UnitOfWork, cohort: Cohort) -> dict[int, str]:
    """The cohort's leaders' names, by person id."""
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


async def _title_taken(uow: UnitOfWork, cohort: Cohort, title: str) -> str | None:
    """Why the title cannot be used: another poll of the cohort has it. Commands name a
    poll by its title, so two may not share one."""
    assert cohort.id is not None
    if any(title_key(p.title) == title_key(title) for p in await uow.polls.for_cohort(cohort.id)):
        return (
            f"The cohort already has a poll called “{title}”. "
            f"Give this one a title of its own, such as “{title} 2”."
        )
    return None
