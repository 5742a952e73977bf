"""In-memory polls, their slots and votes, and the sessions held, as SQL keeps them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

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
from tests.fakes.core.memory_people import existing_id
from tests.fakes.core.rows import (
    FORMAT_VOTES,
    POLLS,
    SEATS,
    SESSIONS,
    SLOTS,
    VOTES,
    FormatVoteRow,
    VoteRow,
)
from tests.fakes.core.tables import UniqueViolation, WorkingSet, fresh, stored, utc


class MemoryPollRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def add(self, poll: Poll, slots: Sequence[SlotPlan]) -> Poll:
        """Keep a poll and its slots; the poll comes back with its id."""
        database = self._work.database
        added = stored(replace(poll, id=database.next_id(POLLS)))
        assert added.id is not None
        self._work.table(POLLS)[added.id] = added
        for plan in slots:
            slot_id = database.next_id(SLOTS)
            self._work.table(SLOTS)[slot_id] = PollSlot(
                added.id, utc(plan.starts_at), plan.minutes, slot_id
            )
        return fresh(added)

    async def get(self, poll_id: int) -> Poll | None:
        return fresh(self._work.table(POLLS).get(poll_id))

    async def update(self, poll: Poll) -> None:
        key = existing_id(self._work, POLLS, poll.id)
        self._work.table(POLLS)[key] = stored(poll)

    async def slots(self, poll_id: int) -> Sequence[PollSlot]:
        """The poll's slots, earliest first."""
        found = [s for s in self._work.table(SLOTS).values() if s.poll_id == poll_id]
        return sorted(found, key=lambda s: (s.starts_at, s.id or 0))

    async def for_cohort(self, cohort_id: int) -> Sequence[Poll]:
        """A cohort's polls, newest first."""
        found = [p for p in self._work.table(POLLS).values() if p.cohort_id == cohort_id]
        found.sort(key=lambda p: (p.created_at, p.id or 0), reverse=True)
        return [fresh(p) for p in found]

    async def with_status(self, status: PollStatus) -> Sequence[Poll]:
        """Every poll in this status, the one whose deadline comes first first."""
        found = [p for p in self._work.table(POLLS).values() if p.status is status]
        return [fresh(p) for p in sorted(found, key=lambda p: (p.deadline, p.id or 0))]

    async def close(self, poll_id: int) -> bool:
        """Close an open poll; False if it was not open (closing twice does nothing)."""
        polls = self._work.table(POLLS)
        poll = polls.get(poll_id)
        if poll is None or poll.status is not PollStatus.OPEN:
            return False
        polls[poll_id] = replace(poll, status=PollStatus.CLOSED)
        return True

    async def vote(self, vote: Vote) -> None:
        """Keep a leader's answer for a slot, replacing their earlier one."""
        votes, key = self._work.table(VOTES), (vote.slot_id, vote.person_id)
        earlier = votes.get(key)
        if earlier is not None:
            # ON CONFLICT DO UPDATE changes only the answer.
            votes[key] = replace(
                earlier, vote=replace(earlier.vote, availability=vote.availability)
            )
        else:
            votes[key] = VoteRow(self._work.database.next_id(VOTES), vote)

    async def votes(self, poll_id: int) -> Sequence[Vote]:
        """A poll's votes, by slot id, then person id."""
        return [
            r.vote
            for key, r in sorted(self._work.table(VOTES).items())
            if r.vote.poll_id == poll_id
        ]

    async def vote_format(self, vote: FormatVote) -> None:
        """Keep a leader's choice of format, replacing their earlier one."""
        table, key = self._work.table(FORMAT_VOTES), (vote.poll_id, vote.person_id)
        earlier = table.get(key)
        row_id = earlier.id if earlier else self._work.database.next_id(FORMAT_VOTES)
        table[key] = FormatVoteRow(row_id, vote)

    async def format_votes(self, poll_id: int) -> Sequence[FormatVote]:
        """A poll's format choices, by person id."""
        rows = sorted(self._work.table(FORMAT_VOTES).items())
        return [r.vote for (poll, _), r in rows if poll == poll_id]


class MemorySessionRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def add(self, session: ReflectionSession, people: Sequence[int]) -> ReflectionSession:
        """Keep a session with a seat for each person; it comes back with its id."""
        sessions = self._work.table(SESSIONS)
        if any(
            (s.poll_id, s.slot_id) == (session.poll_id, session.slot_id) for s in sessions.values()
        ):
            raise UniqueViolation(f"a session at slot {session.slot_id} exists")
        added = stored(replace(session, id=self._work.database.next_id(SESSIONS)))
        assert added.id is not None
        sessions[added.id] = added
        for person_id in dict.fromkeys(people):  # a person named twice gets one seat
            self._work.table(SEATS)[self._work.database.next_id(SEATS)] = Seat(added.id, person_id)
        return fresh(added)

    async def get(self, session_id: int) -> ReflectionSession | None:
        return fresh(self._work.table(SESSIONS).get(session_id))

    async def update(self, session: ReflectionSession, seen: int) -> bool:
        """Keep a changed session if its sequence is still `seen`; False if someone changed
        it meanwhile (then nothing is kept)."""
        sessions = self._work.table(SESSIONS)
        held = sessions.get(session.id or 0)
        if held is None or held.sequence != seen:
            return False
        sessions[held.id or 0] = stored(session)
        return True

    async def for_poll(self, poll_id: int) -> Sequence[ReflectionSession]:
        """A poll's sessions, earliest first (then the older session first)."""
        slots = self._work.table(SLOTS)
        found = [
            s
            for s in self._work.table(SESSIONS).values()
            if s.poll_id == poll_id and s.slot_id in slots
        ]
        found.sort(key=lambda s: (s.starts_at, s.id or 0))
        return [fresh(s) for s in found]

    async def seats(self, session_ids: Sequence[int]) -> Sequence[Seat]:
        """The seats of these sessions: by session id, then as they were added."""
        wanted = set(session_ids)
        rows = sorted(
            self._work.table(SEATS).items(), key=lambda item: (item[1].session_id, item[0])
        )
        return [fresh(seat) for _, seat in rows if seat.session_id in wanted]

    async def update_seat(self, seat: Seat) -> None:
        """Keep whether the leader came and what they said; LookupError if they had no seat."""
        seats = self._work.table(SEATS)
        for seat_id, held in seats.items():
            if (held.session_id, held.person_id) == (seat.session_id, seat.person_id):
                seats[seat_id] = replace(
                    held, attended=seat.attended, rating=seat.rating, comment=seat.comment
                )
                return
        raise LookupError(f"person {seat.person_id} has no seat in session {seat.session_id}")
