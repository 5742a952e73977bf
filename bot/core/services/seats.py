"""Seats and waitlists in the database: seat or queue a newcomer, fill seats that come free.

Every path that changes who holds a seat (the join form, a coordinator's enrol, move or
withdraw, `/cohort add`, the bulk import) goes through here, after locking the
organisation's seats, so the rules in `bot.core.recruitment` hold under concurrency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.core.messages import Message
from bot.core.model import (
    Actor,
    AuditEntry,
    Cohort,
    Delivery,
    Enrolment,
    EnrolmentStatus,
    Organisation,
    Person,
    Role,
)
from bot.core.outgoing import Outgoing
from bot.core.ports import UnitOfWork
from bot.core.programme import week_of
from bot.core.recruitment import Placement, Seats, place, seats_of, to_promote
from bot.core.replies.cohort import welcome_message
from bot.core.replies.recruitment import (
    promoted_message,
    seated_message,
    waiting_message,
    waitlisted_message,
)
from bot.core.services.context import ServiceContext


async def seat_state(uow: UnitOfWork, cohort_id: int, organisation: Organisation) -> Seats:
    """The organisation's seats as they are now: every path that gives or counts a seat
    reads them here (lock them first with `lock_seats` to change them)."""
    leaders = await uow.enrolments.all_members(cohort_id, Role.LEADER)
    return seats_of([organisation], leaders)[organisation.id]


async def locked_seats(uow: UnitOfWork, cohort_id: int, organisation: Organisation) -> Seats:
    """Hold the organisation's seats until commit, then count them: what a path that
    gives a seat decides on."""
    await uow.organisations.lock_seats(cohort_id, organisation.id)
    return await seat_state(uow, cohort_id, organisation)


async def cohort_seats(uow: UnitOfWork, cohort_id: int) -> dict[str, Seats]:
    """Every organisation's seats, by id, in two queries."""
    organisations = await uow.organisations.list(cohort_id)
    return seats_of(organisations, await uow.enrolments.all_members(cohort_id, Role.LEADER))


async def enrolment_in(
    uow: UnitOfWork, cohort: Cohort, person: Person, role: Role = Role.LEADER
) -> Enrolment | None:
    """The person's enrolment in the cohort in one role (leader unless given), in whatever
    status."""
    assert person.id is not None
    return next(
        (
            e
            for e in await uow.enrolments.for_person(person.id)
            if e.cohort_id == cohort.id and e.role is role
        ),
        None,
    )


async def queue_place(
    uow: UnitOfWork, cohort_id: int, person: Person, enrolment: Enrolment
) -> tuple[Organisation, int] | None:
    """The organisation a waitlisted leader waits for, and their place (1 is next)."""
    organisation = await uow.organisations.get(cohort_id, person.organisation_id or "")
    if organisation is None:
        return None
    state = await seat_state(uow, cohort_id, organisation)
    return organisation, state.position_of(enrolment.id) or 1


async def waiting_place(uow: UnitOfWork, actor: Actor) -> Message | None:
    """Where the actor stands on a waitlist, if they are on one."""
    person = await uow.people.find(actor.platform, actor.user_id)
    if person is None or person.id is None or not person.organisation_id:
        return None
    for enrolment in await uow.enrolments.for_person(person.id):
        if enrolment.role is Role.LEADER and enrolment.status is EnrolmentStatus.WAITLISTED:
            queued = await queue_place(uow, enrolment.cohort_id, person, enrolment)
            if queued is not None:
                return waiting_message(*queued)
    return None


@dataclass(frozen=True)
class SignUpDetails:
    pace: int | None = None
    job_title: str | None = None
    consented: bool = False


async def sign_up(
    ctx: ServiceContext,
    uow: UnitOfWork,
    cohort: Cohort,
    person: Person,
    organisation: Organisation,
    details: SignUpDetails,
) -> Placement:
    """Seat a person who holds no seat and is not waiting, or put them on the waitlist;
    tell them which by direct message. The person's organisation must be `organisation`."""
    assert cohort.id is not None and person.id is not None
    state = await locked_seats(uow, cohort.id, organisation)
    placement = place(organisation.seats, len(state.seated), len(state.waiting))
    now = ctx.clock.now()
    enrolment = await enrolment_in(uow, cohort, person) or Enrolment(
        cohort.id, person.id, Role.LEADER
    )
    enrolment.pace = details.pace
    enrolment.job_title = details.job_title or enrolment.job_title
    if details.consented:
        enrolment.consented_at = now
    if placement.seated:
        await activate(ctx, uow, cohort, enrolment)
        message = seated_message(organisation, welcome(ctx, cohort, enrolment, person))
        await tell(ctx, uow, welcome_key(cohort, person), person, message)
    else:
        enrolment.status = EnrolmentStatus.WAITLISTED
        enrolment.waitlisted_at = now
        enrolment.joined_at = None
        await _save(uow, enrolment)
        assert placement.position is not None
        message = waitlisted_message(cohort, organisation, placement.position)
        await tell(
            ctx, uow, f"waitlisted:{cohort.id}:{person.id}:{now.isoformat()}", person, message
        )
    return placement


async def activate(
    ctx: ServiceContext, uow: UnitOfWork, cohort: Cohort, enrolment: Enrolment
) -> Enrolment:
    """Give the enrolment a seat from today: a plan from this week, past modules kept."""
    done: frozenset[str] = frozenset()
    if enrolment.id is not None:
        done = frozenset(c.module_id for c in await uow.completions.for_enrolment(enrolment.id))
    enrolment.status = EnrolmentStatus.ACTIVE
    enrolment.joined_at = ctx.clock.now()
    enrolment.waitlisted_at = None
    # A leader who joins late gets a plan from their joining week to the cohort's end.
    week = max(1, week_of(cohort.start_date, ctx.today(cohort)))
    enrolment.rhythm = replace(enrolment.rhythm, plan_start_week=week, done_at_replan=done)
    return await _save(uow, enrolment)


async def fill_seats(
    ctx: ServiceContext,
    uow: UnitOfWork,
    cohort: Cohort,
    organisation: Organisation,
    actor_person_id: int | None,
) -> list[Person]:
    """Give seats that are free to the first on the waitlist, tell them, and log it."""
    assert cohort.id is not None
    state = await locked_seats(uow, cohort.id, organisation)
    chosen = to_promote(organisation.seats, len(state.seated), (m.enrolment for m in state.waiting))
    people = {m.enrolment.id: m.person for m in state.waiting}
    promoted = []
    for enrolment in chosen:
        person = people[enrolment.id]
        await activate(ctx, uow, cohort, enrolment)
        message = promoted_message(organisation, welcome(ctx, cohort, enrolment, person), False)
        await tell(ctx, uow, welcome_key(cohort, person), person, message)
        await uow.audit.add(
            AuditEntry(
                actor_person_id,
                "promote-from-waitlist",
                {"person_id": person.id, "organisation": organisation.id, "automatic": True},
                cohort.id,
            ),
            ctx.clock.now(),
        )
        promoted.append(person)
    return promoted


def welcome(ctx: ServiceContext, cohort: Cohort, enrolment: Enrolment, person: Person) -> Message:
    pace = enrolment.pace or cohort.default_pace
    names = ctx.names_for(person.platform)
    return welcome_message(cohort, ctx.curriculum, pace, ctx.today(cohort), names)


def welcome_key(cohort: Cohort, person: Person) -> str:
    return f"welcome:{cohort.id}:{person.id}"


async def tell(
    ctx: ServiceContext, uow: UnitOfWork, key: str, person: Person, message: Message
) -> None:
    """A direct message at once (it answers the person's own action, or a coordinator's)."""
    await tell_all(ctx, uow, [(key, person, message)])


async def tell_all(
    ctx: ServiceContext, uow: UnitOfWork, notes: Sequence[tuple[str, Person, Message]]
) -> None:
    """Direct messages at once, each (key, person, message), in one write however many.

    A key used before (a leader who withdrew and came back) gets the time added.
    """
    now = ctx.clock.now()
    waiting = list(notes)
    for suffix in ("", f":{now.isoformat()}"):
        deliveries = [
            Delivery(key + suffix, Outgoing(message, person.address), not_before=now)
            for key, person, message in waiting
        ]
        queued = await uow.deliveries.enqueue_all(deliveries)
        waiting = [n for n, d in zip(waiting, deliveries, strict=True) if d.key not in queued]
        if not waiting:
            return


async def _save(uow: UnitOfWork, enrolment: Enrolment) -> Enrolment:
    if enrolment.id is None:
        return await uow.enrolments.add(enrolment)
    await uow.enrolments.update(enrolment)
    return enrolment
