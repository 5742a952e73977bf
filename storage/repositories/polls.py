"""Polls of candidate slots for reflection sessions, the votes on them, and the sessions held."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

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
    PollFormatVoteRow,
    PollRow,
    PollSlotRow,
    PollVoteRow,
    ReflectionSessionRow,
    SessionSeatRow,
)
from storage.repositories.base import dialect_insert, existing


def to_poll(row: PollRow) -> Poll:
    return Poll(
        cohort_id=row.cohort_id,
        title=row.title,
        deadline=row.deadline,
        created_by=row.created_by,
        created_at=row.created_at,
        formats=tuple(row.formats),
        capacity=row.capacity,
        hide_counts=row.hide_counts,
        status=PollStatus(row.status),
        id=row.id,
    )


def to_slot(row: PollSlotRow) -> PollSlot:
    return PollSlot(poll_id=row.poll_id, starts_at=row.starts_at, minutes=row.minutes, id=row.id)


def to_vote(row: PollVoteRow) -> Vote:
    return Vote(
        poll_id=row.poll_id,
        slot_id=row.slot_id,
        person_id=row.person_id,
        availability=Availability(row.availability),
    )


def to_format_vote(row: PollFormatVoteRow) -> FormatVote:
    return FormatVote(poll_id=row.poll_id, person_id=row.person_id, choice=row.choice)


def to_session(row: ReflectionSessionRow) -> ReflectionSession:
    return ReflectionSession(
        poll_id=row.poll_id,
        slot_id=row.slot_id,
        place=row.place,
        format=row.format,
        id=row.id,
        starts_at=row.starts_at,
        minutes=row.minutes,
        notes=row.notes,
        sequence=row.sequence,
        cancelled=row.cancelled,
    )


def _session_values(session: ReflectionSession) -> dict[str, object]:
    """What a session's row holds beyond its poll and slot, which never change."""
    return {
        "place": session.place,
        "format": session.format,
        "starts_at": session.starts_at,
        "minutes": session.minutes,
        "notes": session.notes,
        "sequence": session.sequence,
        "cancelled": session.cancelled,
    }


def to_seat(row: SessionSeatRow) -> Seat:
    return Seat(
        session_id=row.session_id,
        person_id=row.person_id,
        attended=row.attended,
        rating=row.rating,
        comment=row.comment,
    )


class SqlPollRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, poll: Poll, slots: Sequence[SlotPlan]) -> Poll:
        """Keep a poll and its slots; the poll comes back with its id."""
        row = PollRow()
        _fill_poll(row, poll)
        self._session.add(row)
        await self._session.flush()
        if slots:
            await self._session.execute(
                insert(PollSlotRow),
                [
                    {"poll_id": row.id, "starts_at": slot.starts_at, "minutes": slot.minutes}
                    for slot in slots
                ],
            )
        return to_poll(row)

    async def get(self, poll_id: int) -> Poll | None:
        row = await self._session.get(PollRow, poll_id, populate_existing=True)
        return None if row is None else to_poll(row)

    async def update(self, poll: Poll) -> None:
        _fill_poll(await existing(self._session, PollRow, poll.id), poll)
        await self._session.flush()

    async def slots(self, poll_id: int) -> Sequence[PollSlot]:
        """The poll's slots, earliest first."""
        rows = await self._session.scalars(
            select(PollSlotRow)
            .where(PollSlotRow.poll_id == poll_id)
            .order_by(PollSlotRow.starts_at, PollSlotRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_slot(row) for row in rows]

    async def for_cohort(self, cohort_id: int) -> Sequence[Poll]:
        """A cohort's polls, newest first."""
        rows = await self._session.scalars(
            select(PollRow)
            .where(PollRow.cohort_id == cohort_id)
            .order_by(PollRow.created_at.desc(), PollRow.id.desc())
            .execution_options(populate_existing=True)
        )
        return [to_poll(row) for row in rows]

    async def with_status(self, status: PollStatus) -> Sequence[Poll]:
        """Every poll in this status, the one whose deadline comes first first."""
        rows = await self._session.scalars(
            select(PollRow)
            .where(PollRow.status == status.value)
            .order_by(PollRow.deadline, PollRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_poll(row) for row in rows]

    async def close(self, poll_id: int) -> bool:
        """Close an open poll; False if it was not open (closing twice does nothing)."""
        # One conditional UPDATE, so of two closes at once (the deadline job and a
        # coordinator's click) only one goes on to propose sessions.
        result = await self._session.execute(
            update(PollRow)
            .where(PollRow.id == poll_id, PollRow.status == PollStatus.OPEN.value)
            .values(status=PollStatus.CLOSED.value)
            .returning(PollRow.id)
        )
        return result.first() is not None

    async def vote(self, vote: Vote) -> None:
        """Keep a leader's answer for a slot, replacing their earlier one."""
        statement = dialect_insert(self._session, PollVoteRow).values(
            poll_id=vote.poll_id,
            slot_id=vote.slot_id,
            person_id=vote.person_id,
            availability=vote.availability.value,
        )
        # An upsert: a double click or a retried request counts once, a change replaces.
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["slot_id", "person_id"],
                set_={"availability": statement.excluded.availability},
            )
        )

    async def votes(self, poll_id: int) -> Sequence[Vote]:
        """A poll's votes, by slot id, then person id."""
        rows = await self._session.scalars(
            select(PollVoteRow)
            .where(PollVoteRow.poll_id == poll_id)
            .order_by(PollVoteRow.slot_id, PollVoteRow.person_id)
            .execution_options(populate_existing=True)
        )
        return [to_vote(row) for row in rows]

    async def vote_format(self, vote: FormatVote) -> None:
        """Keep a leader's choice of format, replacing their earlier one."""
        statement = dialect_insert(self._session, PollFormatVoteRow).values(
            poll_id=vote.poll_id, person_id=vote.person_id, choice=vote.choice
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["poll_id", "person_id"],
                set_={"choice": statement.excluded.choice},
            )
        )

    async def format_votes(self, poll_id: int) -> Sequence[FormatVote]:
        """A poll's format choices, by person id."""
        rows = await self._session.scalars(
            select(PollFormatVoteRow)
            .where(PollFormatVoteRow.poll_id == poll_id)
            .order_by(PollFormatVoteRow.person_id)
            .execution_options(populate_existing=True)
        )
        return [to_format_vote(row) for row in rows]


class SqlSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, session: ReflectionSession, people: Sequence[int]) -> ReflectionSession:
        """Keep a session with a seat for each person; it comes back with its id."""
        row = ReflectionSessionRow(
            poll_id=session.poll_id, slot_id=session.slot_id, **_session_values(session)
        )
        self._session.add(row)
        await self._session.flush()
        # dict.fromkeys: a person named twice still gets one seat, in the order given.
        seated = list(dict.fromkeys(people))
        if seated:
            await self._session.execute(
                insert(SessionSeatRow),
                [{"session_id": row.id, "person_id": person_id} for person_id in seated],
            )
        return replace(session, id=row.id)

    async def get(self, session_id: int) -> ReflectionSession | None:
        row = await self._session.get(ReflectionSessionRow, session_id, populate_existing=True)
        return None if row is None else to_session(row)

    async def update(self, session: ReflectionSession, seen: int) -> bool:
        """Keep a changed session if its sequence is still `seen`; False if someone changed
        it meanwhile (then nothing is kept)."""
        # One conditional UPDATE: of two changes made from the same state, one wins.
        result = await self._session.execute(
            update(ReflectionSessionRow)
            .where(ReflectionSessionRow.id == session.id, ReflectionSessionRow.sequence == seen)
            .values(**_session_values(session))
            .returning(ReflectionSessionRow.id)
        )
        return result.first() is not None

    async def for_poll(self, poll_id: int) -> Sequence[ReflectionSession]:
        """A poll's sessions, earliest first (then the older session first)."""
        rows = await self._session.scalars(
            select(ReflectionSessionRow)
            .where(ReflectionSessionRow.poll_id == poll_id)
            .order_by(ReflectionSessionRow.starts_at, ReflectionSessionRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_session(row) for row in rows]

    async def seats(self, session_ids: Sequence[int]) -> Sequence[Seat]:
        """The seats of these sessions, in one query: by session id, then as they were added."""
        if not session_ids:
            return []
        rows = await self._session.scalars(
            select(SessionSeatRow)
            .where(SessionSeatRow.session_id.in_(session_ids))
            .order_by(SessionSeatRow.session_id, SessionSeatRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_seat(row) for row in rows]

    async def update_seat(self, seat: Seat) -> None:
        """Keep whether the leader came and what they said; LookupError if they had no seat."""
        result = await self._session.execute(
            update(SessionSeatRow)
            .where(
                SessionSeatRow.session_id == seat.session_id,
                SessionSeatRow.person_id == seat.person_id,
            )
            .values(attended=seat.attended, rating=seat.rating, comment=seat.comment)
            .returning(SessionSeatRow.id)
        )
        if result.first() is None:
            raise LookupError(f"person {seat.person_id} has no seat in session {seat.session_id}")


def _fill_poll(row: PollRow, poll: Poll) -> None:
    row.cohort_id = poll.cohort_id
    row.title = poll.title
    row.deadline = poll.deadline
    row.created_by = poll.created_by
    row.created_at = poll.created_at
    row.formats = list(poll.formats)
    row.capacity = poll.capacity
    row.hide_counts = poll.hide_counts
    row.status = poll.status.value
