"""Polls of candidate slots, the votes on them, and the reflection sessions they lead to."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.model import Cohort, Person
from bot.core.polls import (
    FormatVote,
    Poll,
    PollSlot,
    PollStatus,
    ReflectionSession,
    Seat,
    SlotPlan,
    Vote,
)
from bot.core.slot_choice import Availability
from storage.orm import (
    CohortRow,
    PollFormatVoteRow,
    PollRow,
    PollSlotRow,
    PollVoteRow,
    ReflectionSessionRow,
    SessionSeatRow,
)
from storage.uow import SqlUnitOfWorkFactory
from tests.storage.conftest import NOON, AddPerson, camden_cohort

YES, MAYBE, NO = Availability.YES, Availability.IF_NEED_BE, Availability.NO
MONDAY = NOON + timedelta(days=7)


def ids(*stored: Person | Cohort | Poll | PollSlot | ReflectionSession) -> list[int]:
    found = [s.id for s in stored]
    assert all(i is not None for i in found)
    return [i for i in found if i is not None]


def a_poll(cohort_id: int, created_by: int, title: str = "Week 3 reflection") -> Poll:
    return Poll(cohort_id, title, NOON + timedelta(days=2), created_by, NOON)


PLANS = (
    SlotPlan(MONDAY + timedelta(hours=2), 60),
    SlotPlan(MONDAY, 45),
    SlotPlan(MONDAY + timedelta(hours=2), 90),  # same start as the first: id settles it
)


def at_slot(slot: PollSlot, place: str = "", fmt: str = "") -> ReflectionSession:
    """A session at a stored slot's time, not yet kept."""
    return ReflectionSession(
        slot.poll_id, ids(slot)[0], place, fmt, starts_at=slot.starts_at, minutes=slot.minutes
    )


async def store(
    uow: SqlUnitOfWorkFactory, poll: Poll, plans: tuple[SlotPlan, ...] = PLANS
) -> tuple[Poll, list[PollSlot]]:
    """Keep a poll with its slots; return both as stored, the slots earliest first."""
    async with uow() as work:
        added = await work.polls.add(poll, plans)
        await work.commit()
    assert added.id is not None
    async with uow() as work:
        return added, list(await work.polls.slots(added.id))


async def test_a_poll_is_kept_with_its_slots_and_read_back_whole(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, coordinator_id] = ids(cohort, await add_person("Cora Ordinator"))
    wanted = replace(
        a_poll(cohort_id, coordinator_id),
        formats=("Online", "In person"),
        capacity=8,
        hide_counts=True,
    )
    added, slots = await store(uow, wanted)
    assert added.id is not None and wanted.id is None
    assert added == replace(wanted, id=added.id)
    assert [(s.starts_at, s.minutes) for s in slots] == [
        (MONDAY, 45),
        (MONDAY + timedelta(hours=2), 60),
        (MONDAY + timedelta(hours=2), 90),
    ]
    assert all(s.poll_id == added.id and s.id is not None for s in slots)
    assert ids(*slots)[1] < ids(*slots)[2]
    async with uow() as work:
        assert await work.polls.get(added.id) == added
        assert await work.polls.get(added.id + 1000) is None
        assert await work.polls.slots(added.id + 1000) == []


async def test_a_poll_with_no_format_question_and_no_slots_reads_back_empty(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, coordinator_id] = ids(cohort, await add_person("Cora Ordinator"))
    added, slots = await store(uow, a_poll(cohort_id, coordinator_id), ())
    assert slots == []
    async with uow() as work:
        found = await work.polls.get(ids(added)[0])
    assert found == added and found.formats == () and found.capacity is None


async def test_an_update_keeps_every_field(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, coordinator_id, other_id] = ids(
        cohort, await add_person("Cora Ordinator"), await add_person("Otto Ther")
    )
    added, _ = await store(uow, a_poll(cohort_id, coordinator_id))
    changed = replace(
        added,
        title="Week 4 reflection",
        deadline=NOON + timedelta(days=3),
        created_by=other_id,
        created_at=NOON + timedelta(minutes=1),
        formats=("Hybrid",),
        capacity=5,
        hide_counts=True,
        status=PollStatus.CONFIRMED,
    )
    async with uow() as work:
        # Loaded first, so `get` must not answer from the session's stale copy.
        assert await work.polls.get(ids(added)[0]) == added
        await work.polls.update(changed)
        assert await work.polls.get(ids(added)[0]) == changed
        await work.commit()
    async with uow() as work:
        assert await work.polls.get(ids(added)[0]) == changed
        with pytest.raises(ValueError, match="never stored"):
            await work.polls.update(replace(changed, id=None))
        with pytest.raises(LookupError):
            await work.polls.update(replace(changed, id=404))


async def test_a_cohorts_polls_come_newest_first(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    async with uow() as work:
        other = await work.cohorts.add(camden_cohort("autumn-2027"))
        await work.commit()
    [cohort_id, other_id, coordinator_id] = ids(cohort, other, await add_person("Cora"))
    later = NOON + timedelta(hours=1)
    first, _ = await store(uow, a_poll(cohort_id, coordinator_id, "first"))
    latest, _ = await store(
        uow, replace(a_poll(cohort_id, coordinator_id, "latest"), created_at=later)
    )
    elsewhere, _ = await store(uow, a_poll(other_id, coordinator_id, "another cohort's"))
    same_time, _ = await store(uow, a_poll(cohort_id, coordinator_id, "same time as first"))
    async with uow() as work:
        assert await work.polls.for_cohort(cohort_id) == [latest, same_time, first]
        assert await work.polls.for_cohort(other_id) == [elsewhere]
        assert await work.polls.for_cohort(other_id + 1000) == []


async def test_polls_are_found_by_status_earliest_deadline_first(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, coordinator_id] = ids(cohort, await add_person("Cora"))
    poll = a_poll(cohort_id, coordinator_id)
    late, _ = await store(
        uow, replace(poll, title="late", deadline=poll.deadline + timedelta(days=1))
    )
    soon, _ = await store(uow, replace(poll, title="soon"))
    closed, _ = await store(uow, replace(poll, status=PollStatus.CLOSED))
    async with uow() as work:
        assert await work.polls.with_status(PollStatus.OPEN) == [soon, late]
        assert await work.polls.with_status(PollStatus.CLOSED) == [closed]
        assert await work.polls.with_status(PollStatus.CONFIRMED) == []


async def test_closing_an_open_poll_works_once(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, coordinator_id] = ids(cohort, await add_person("Cora"))
    poll, _ = await store(uow, a_poll(cohort_id, coordinator_id))
    confirmed, _ = await store(
        uow, replace(a_poll(cohort_id, coordinator_id), status=PollStatus.CONFIRMED)
    )
    [poll_id, confirmed_id] = ids(poll, confirmed)
    async with uow() as work:
        assert await work.polls.get(poll_id) == poll  # loaded before the UPDATE
        assert await work.polls.close(poll_id) is True
        assert await work.polls.close(poll_id) is False
        assert await work.polls.get(poll_id) == replace(poll, status=PollStatus.CLOSED)
        await work.commit()
    async with uow() as work:
        assert await work.polls.close(poll_id) is False
        assert await work.polls.close(confirmed_id) is False
        assert await work.polls.close(poll_id + 1000) is False
        assert await work.polls.get(poll_id) == replace(poll, status=PollStatus.CLOSED)
        assert await work.polls.get(confirmed_id) == confirmed


async def test_concurrent_closes_let_one_through(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, coordinator_id] = ids(cohort, await add_person("Cora"))
    poll, _ = await store(uow, a_poll(cohort_id, coordinator_id))
    [poll_id] = ids(poll)
    async with uow() as first:
        assert await first.polls.close(poll_id)

        async def second_close() -> bool:
            async with uow() as second:
                closed = await second.polls.close(poll_id)
                await second.commit()
            return closed

        # The second writer waits on the first's uncommitted update, then finds it closed.
        racing = asyncio.create_task(second_close())
        await asyncio.sleep(0.1)
        await first.commit()
    assert await racing is False


def by_slot_and_person(*votes: Vote) -> list[Vote]:
    """Votes in the order `votes` gives them: by slot id, then person id."""
    return sorted(votes, key=lambda vote: (vote.slot_id, vote.person_id))


async def cast(uow: SqlUnitOfWorkFactory, *votes: Vote) -> list[Vote]:
    """Keep `votes` (of one poll) in one unit of work; the poll's votes, read in another."""
    async with uow() as work:
        for vote in votes:
            await work.polls.vote(vote)
        await work.commit()
    async with uow() as work:
        return list(await work.polls.votes(votes[0].poll_id))


async def test_a_second_vote_for_a_slot_replaces_the_first(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, amira_id, ben_id] = ids(cohort, await add_person("Amira"), await add_person("Ben"))
    poll, [early, middle, late] = await store(uow, a_poll(cohort_id, amira_id))
    [poll_id, early_id, middle_id, late_id] = ids(poll, early, middle, late)

    def vote(slot_id: int, person_id: int, answer: Availability) -> Vote:
        return Vote(poll_id, slot_id, person_id, answer)

    amira_middle, ben_early = vote(middle_id, amira_id, YES), vote(early_id, ben_id, MAYBE)
    amira_early = vote(early_id, amira_id, NO)
    assert await cast(uow, amira_middle, amira_early, ben_early) == by_slot_and_person(
        amira_early, ben_early, amira_middle
    )
    # A double click counts once; a changed answer replaces only that slot's vote.
    amira_changed, ben_late = vote(early_id, amira_id, YES), vote(late_id, ben_id, NO)
    assert await cast(uow, amira_middle, amira_changed, ben_late) == by_slot_and_person(
        amira_changed, ben_early, amira_middle, ben_late
    )
    async with uow() as work:
        assert await work.polls.votes(poll_id + 1000) == []


async def test_one_vote_row_per_slot_and_person(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, amira_id] = ids(cohort, await add_person("Amira"))
    poll, [slot, *_] = await store(uow, a_poll(cohort_id, amira_id))
    [poll_id, slot_id] = ids(poll, slot)
    answers = [Vote(poll_id, slot_id, amira_id, answer) for answer in (YES, NO, MAYBE, MAYBE)]
    assert await cast(uow, *answers) == [Vote(poll_id, slot_id, amira_id, MAYBE)]
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(PollVoteRow)) == 1


async def test_concurrent_votes_for_one_slot_keep_one_row(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, amira_id] = ids(cohort, await add_person("Amira"))
    poll, [slot, *_] = await store(uow, a_poll(cohort_id, amira_id))
    [poll_id, slot_id] = ids(poll, slot)
    async with uow() as first:
        await first.polls.vote(Vote(poll_id, slot_id, amira_id, YES))

        async def retried_request() -> None:
            async with uow() as second:
                await second.polls.vote(Vote(poll_id, slot_id, amira_id, MAYBE))
                await second.commit()

        # The retry waits on the first's uncommitted row, then updates it: no error.
        racing = asyncio.create_task(retried_request())
        await asyncio.sleep(0.1)
        await first.commit()
    await racing
    async with uow() as work:
        assert await work.polls.votes(poll_id) == [Vote(poll_id, slot_id, amira_id, MAYBE)]


async def test_a_second_format_choice_replaces_the_first(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, amira_id, ben_id] = ids(cohort, await add_person("Amira"), await add_person("Ben"))
    poll, _ = await store(uow, replace(a_poll(cohort_id, amira_id), formats=("Online", "Hybrid")))
    other, _ = await store(uow, a_poll(cohort_id, amira_id))
    [poll_id, other_id] = ids(poll, other)
    async with uow() as work:
        await work.polls.vote_format(FormatVote(poll_id, ben_id, "Hybrid"))
        await work.polls.vote_format(FormatVote(poll_id, amira_id, "Online"))
        await work.polls.vote_format(FormatVote(other_id, amira_id, "In person"))
        await work.commit()
    async with uow() as work:
        await work.polls.vote_format(FormatVote(poll_id, amira_id, "Hybrid"))
        await work.polls.vote_format(FormatVote(poll_id, amira_id, "Hybrid"))
        await work.commit()
    async with uow() as work:
        assert await work.polls.format_votes(poll_id) == [
            FormatVote(poll_id, amira_id, "Hybrid"),
            FormatVote(poll_id, ben_id, "Hybrid"),
        ]
        assert await work.polls.format_votes(other_id) == [
            FormatVote(other_id, amira_id, "In person")
        ]
        assert await work.polls.format_votes(other_id + 1000) == []


async def test_a_session_is_kept_with_a_seat_for_each_person(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, amira_id, ben_id, cai_id] = ids(
        cohort, await add_person("Amira"), await add_person("Ben"), await add_person("Cai")
    )
    poll, [early, middle, late] = await store(uow, a_poll(cohort_id, amira_id))
    [poll_id] = ids(poll)
    wanted_late = at_slot(late, "https://meet.example/late", "Online")
    wanted_early = at_slot(early, "Room 2", "In person")
    async with uow() as work:
        later = await work.sessions.add(wanted_late, [cai_id, ben_id, cai_id])
        earlier = await work.sessions.add(wanted_early, [amira_id])
        empty = await work.sessions.add(at_slot(middle), [])
        await work.commit()
    assert later == replace(wanted_late, id=later.id) and later.id is not None
    assert earlier == replace(wanted_early, id=earlier.id) and earlier.id is not None
    assert empty.id is not None and empty.place == "" and empty.format == ""
    async with uow() as work:
        # By their start; `middle` and `late` start together, so the older session first.
        assert await work.sessions.for_poll(poll_id) == [earlier, later, empty]
        assert await work.sessions.for_poll(poll_id + 1000) == []
        assert await work.sessions.seats([later.id]) == [
            Seat(later.id, cai_id),
            Seat(later.id, ben_id),
        ]
        assert await work.sessions.seats([empty.id]) == []


async def test_a_change_is_kept_only_if_nobody_changed_the_session_since_it_was_read(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, amira_id] = ids(cohort, await add_person("Amira"))
    _, [early, _, late] = await store(uow, a_poll(cohort_id, amira_id))
    async with uow() as work:
        first = await work.sessions.add(at_slot(early, "Room 1", "In person"), [amira_id])
        second = await work.sessions.add(at_slot(late, "Room 2", "In person"), [])
        await work.commit()
    moved = replace(
        first,
        starts_at=late.starts_at + timedelta(days=1),
        minutes=90,
        place="https://meet.example/moved",
        format="Online",
        notes="Read the case study first.",
        sequence=1,
    )
    async with uow() as work:
        assert await work.sessions.update(moved, seen=0)
        # Made from the same state as the change above: refused, and nothing is kept.
        assert not await work.sessions.update(replace(first, place="Room 9", sequence=1), seen=0)
        assert not await work.sessions.update(replace(moved, id=ids(second)[0] + 1000), seen=0)
        await work.commit()
    async with uow() as work:
        assert await work.sessions.get(ids(first)[0]) == moved
        assert await work.sessions.get(ids(second)[0] + 1000) is None
        # A moved session is listed at its new time, after the one that now comes first.
        assert await work.sessions.for_poll(first.poll_id) == [second, moved]
        cancelled = replace(moved, cancelled=True, sequence=2)
        assert await work.sessions.update(cancelled, seen=1)
        await work.commit()
    async with uow() as work:
        assert await work.sessions.get(ids(first)[0]) == cancelled


async def test_a_slot_holds_one_session(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, amira_id] = ids(cohort, await add_person("Amira"))
    _, [slot, *_] = await store(uow, a_poll(cohort_id, amira_id))
    async with uow() as work:
        await work.sessions.add(at_slot(slot), [amira_id])
        await work.commit()
    async with uow() as work:
        with pytest.raises(IntegrityError):
            await work.sessions.add(at_slot(slot, "again"), [])


async def test_seats_of_several_sessions_come_in_one_query(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson, statements: list[str]
) -> None:
    [cohort_id, amira_id, ben_id, cai_id] = ids(
        cohort, await add_person("Amira"), await add_person("Ben"), await add_person("Cai")
    )
    _, [early, middle, late] = await store(uow, a_poll(cohort_id, amira_id))
    async with uow() as work:
        first = await work.sessions.add(at_slot(early), [amira_id, ben_id])
        second = await work.sessions.add(at_slot(middle), [cai_id])
        third = await work.sessions.add(at_slot(late), [ben_id])
        await work.commit()
    [first_id, second_id, third_id] = ids(first, second, third)
    async with uow() as work:
        statements.clear()
        found = await work.sessions.seats([second_id, first_id])
        assert len(statements) == 1
        assert found == [Seat(first_id, amira_id), Seat(first_id, ben_id), Seat(second_id, cai_id)]
        statements.clear()
        assert await work.sessions.seats([]) == []
        assert statements == []
        assert await work.sessions.seats([third_id + 1000]) == []


async def test_a_seat_keeps_attendance_and_feedback(
    uow: SqlUnitOfWorkFactory, cohort: Cohort, add_person: AddPerson
) -> None:
    [cohort_id, amira_id, ben_id] = ids(cohort, await add_person("Amira"), await add_person("Ben"))
    _, [slot, *_] = await store(uow, a_poll(cohort_id, amira_id))
    async with uow() as work:
        session = await work.sessions.add(at_slot(slot), [amira_id, ben_id])
        await work.commit()
    [session_id] = ids(session)
    rated = Seat(session_id, amira_id, attended=True, rating=4, comment="Useful")
    async with uow() as work:
        await work.sessions.update_seat(rated)
        await work.sessions.update_seat(Seat(session_id, ben_id, attended=False))
        await work.commit()
    async with uow() as work:
        assert await work.sessions.seats([session_id]) == [
            rated,
            Seat(session_id, ben_id, attended=False),
        ]
        # Clearing goes through too: update sets every field as given.
        await work.sessions.update_seat(Seat(session_id, amira_id))
        assert await work.sessions.seats([session_id]) == [
            Seat(session_id, amira_id),
            Seat(session_id, ben_id, attended=False),
        ]
        with pytest.raises(LookupError):
            await work.sessions.update_seat(Seat(session_id + 1000, amira_id, attended=True))


async def test_deleting_a_cohort_deletes_its_polls_votes_and_sessions(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine, cohort: Cohort, add_person: AddPerson
) -> None:
    async with uow() as work:
        other = await work.cohorts.add(camden_cohort("autumn-2027"))
        await work.commit()
    [cohort_id, other_id, amira_id] = ids(cohort, other, await add_person("Amira"))
    for owner in (cohort_id, other_id):
        poll, [slot, *_] = await store(uow, a_poll(owner, amira_id))
        [poll_id, slot_id] = ids(poll, slot)
        async with uow() as work:
            await work.polls.vote(Vote(poll_id, slot_id, amira_id, YES))
            await work.polls.vote_format(FormatVote(poll_id, amira_id, "Online"))
            await work.sessions.add(at_slot(slot), [amira_id])
            await work.commit()
    tables = (
        PollRow,
        PollSlotRow,
        PollVoteRow,
        PollFormatVoteRow,
        ReflectionSessionRow,
        SessionSeatRow,
    )
    async with engine.begin() as connection:
        await connection.execute(delete(CohortRow).where(CohortRow.id == cohort_id))
        counts = [
            await connection.scalar(select(func.count()).select_from(table)) for table in tables
        ]
    assert counts == [1, 3, 1, 1, 1, 1]  # only the other cohort's are left
    async with uow() as work:
        assert await work.polls.for_cohort(cohort_id) == []
        assert len(await work.polls.for_cohort(other_id)) == 1


async def test_a_deleted_polls_ids_are_never_given_again(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine, cohort: Cohort, add_person: AddPerson
) -> None:
    """Buttons name poll, slot and session ids, so a new poll must not answer to old ones."""
    [cohort_id, amira_id] = ids(cohort, await add_person("Amira"))
    old, old_slots = await store(uow, a_poll(cohort_id, amira_id))
    async with uow() as work:
        old_session = await work.sessions.add(at_slot(old_slots[2]), [])
        await work.commit()
    async with engine.begin() as connection:
        await connection.execute(delete(PollRow))
    new, new_slots = await store(uow, a_poll(cohort_id, amira_id))
    async with uow() as work:
        new_session = await work.sessions.add(at_slot(new_slots[0]), [])
        await work.commit()
    assert ids(new)[0] > ids(old)[0]
    assert min(ids(*new_slots)) > max(ids(*old_slots))
    assert ids(new_session)[0] > ids(old_session)[0]
