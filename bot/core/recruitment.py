"""Seats, waitlists and the recruitment funnel: pure rules, no storage.

Each organisation has a number of seats. A leader who signs up takes a free seat only
when nobody from their organisation is already waiting; otherwise they join the end of
its waitlist. When a seat comes free, the first on the waitlist takes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.model import (
    PACES,
    Enrolment,
    EnrolmentStatus,
    Invitation,
    Member,
    Organisation,
)

_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
_EARLIEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Placement:
    """Where a newcomer goes: a seat, or a place in the waitlist (1 is next)."""

    seated: bool
    position: int | None = None


def place(seats: int, taken: int, waiting: int) -> Placement:
    """A seat if one is free and nobody is waiting for it; else the end of the waitlist."""
    if taken < seats and waiting == 0:
        return Placement(seated=True)
    return Placement(seated=False, position=waiting + 1)


def free_seats(seats: int, taken: int) -> int:
    """Seats nobody holds; never negative, even when a coordinator over-filled them."""
    return max(0, seats - taken)


@dataclass(frozen=True)
class Seats:
    """An organisation's seats and its leaders: who holds a place, and who waits in
    waitlist order. Every count of seats, in every message, comes from here.

    A coordinator may confirm a leader beyond the seats; such a leader holds no seat, so
    `taken` never exceeds the seats and `over` counts them apart.
    """

    organisation: Organisation
    seated: tuple[Member, ...] = ()
    waiting: tuple[Member, ...] = ()

    @property
    def seats(self) -> int:
        return self.organisation.seats

    @property
    def taken(self) -> int:
        return min(len(self.seated), self.seats)

    @property
    def over(self) -> int:
        return len(self.seated) - self.taken

    @property
    def free(self) -> int:
        return free_seats(self.seats, len(self.seated))

    def position_of(self, enrolment_id: int | None) -> int | None:
        return position_in((m.enrolment for m in self.waiting), enrolment_id)


def seats_of(organisations: Iterable[Organisation], leaders: Iterable[Member]) -> dict[str, Seats]:
    """Each organisation's seats, by id, from the cohort's leaders in any status."""
    grouped = by_organisation(leaders)
    result = {}
    for org in organisations:
        mine = grouped.get(org.id, [])
        seated = tuple(m for m in mine if m.enrolment.status is EnrolmentStatus.ACTIVE)
        by_id = {m.enrolment.id: m for m in mine}
        waiting = tuple(by_id[e.id] for e in waitlist_order(m.enrolment for m in mine))
        result[org.id] = Seats(org, seated, waiting)
    return result


@dataclass(frozen=True)
class SeatTotals:
    """The cohort's seats across its organisations (its size), as `Seats` counts them."""

    seats: int
    taken: int
    over: int
    free: int


def seat_totals(seats: Iterable[Seats]) -> SeatTotals:
    places = list(seats)
    return SeatTotals(
        sum(s.seats for s in places),
        sum(s.taken for s in places),
        sum(s.over for s in places),
        sum(s.free for s in places),
    )


def waitlist_order[E: Enrolment](waiting: Iterable[E]) -> list[E]:
    """Waitlisted enrolments, first come first served (ties by id)."""
    queued = [e for e in waiting if e.status is EnrolmentStatus.WAITLISTED]
    return sorted(queued, key=lambda e: (e.waitlisted_at or e.joined_at or _EARLIEST, e.id or 0))


def position_in(waiting: Iterable[Enrolment], enrolment_id: int | None) -> int | None:
    """The enrolment's place in the waitlist, 1 being next; None if it is not waiting."""
    for number, enrolment in enumerate(waitlist_order(waiting), 1):
        if enrolment.id == enrolment_id:
            return number
    return None


def to_promote[E: Enrolment](seats: int, taken: int, waiting: Iterable[E]) -> list[E]:
    """Who takes the seats that are free now, in waitlist order."""
    return waitlist_order(waiting)[: free_seats(seats, taken)]


def pace_from(text: str) -> int | str | None:
    """A pace in weeks from "3", "6", "6 weeks"; None when empty; a problem as a string."""
    words = text.strip().lower().removesuffix("weeks").removesuffix("week").strip()
    if not words:
        return None
    if words in {str(p) for p in PACES}:
        return int(words)
    return "pace must be 3 or 6 (weeks)"


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def by_organisation(members: Iterable[Member]) -> dict[str, list[Member]]:
    """Members grouped by their organisation's id ("" for none), in the order given."""
    grouped: dict[str, list[Member]] = {}
    for member in members:
        grouped.setdefault(member.person.organisation_id or "", []).append(member)
    return grouped


@dataclass(frozen=True)
class FunnelRow:
    """One organisation's recruitment, against its seats.

    invited: people invited by email (bulk import), found in the workspace or not;
    place: its seats, who holds them and who waits;
    started: seat holders with at least one module done; finished: with every module done.
    """

    place: Seats
    invited: int
    started: int
    finished: int

    @property
    def organisation(self) -> Organisation:
        return self.place.organisation

    @property
    def joined(self) -> int:
        """Leaders holding a place, over the seats or not."""
        return len(self.place.seated)

    @property
    def waitlisted(self) -> int:
        return len(self.place.waiting)


def funnel(
    organisations: Sequence[Organisation],
    leaders: Iterable[Member],
    invitations: Iterable[Invitation],
    done: Mapping[int, int],
    modules: int,
) -> list[FunnelRow]:
    """Each organisation's funnel; `leaders` in any status, `done` modules by enrolment id."""
    places = seats_of(organisations, leaders)
    invited: dict[str, set[str]] = {}
    for invitation in invitations:
        invited.setdefault(invitation.organisation_id, set()).add(invitation.email.lower())
    rows = []
    for org in organisations:
        place = places[org.id]
        counts = [done.get(m.enrolment.id or 0, 0) for m in place.seated]
        rows.append(
            FunnelRow(
                place=place,
                invited=len(invited.get(org.id, ())),
                started=sum(1 for c in counts if c > 0),
                finished=sum(1 for c in counts if modules and c >= modules),
            )
        )
    return rows
