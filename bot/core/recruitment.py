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
    joined: leaders holding a seat; waitlisted: waiting for one;
    started: seat holders with at least one module done; finished: with every module done.
    """

    organisation: Organisation
    invited: int
    joined: int
    waitlisted: int
    started: int
    finished: int

    @property
    def seats(self) -> int:
        return self.organisation.seats


def funnel(
    organisations: Sequence[Organisation],
    leaders: Iterable[Member],
    invitations: Iterable[Invitation],
    done: Mapping[int, int],
    modules: int,
) -> list[FunnelRow]:
    """Each organisation's funnel; `leaders` in any status, `done` modules by enrolment id."""
    by_org = by_organisation(leaders)
    invited: dict[str, set[str]] = {}
    for invitation in invitations:
        invited.setdefault(invitation.organisation_id, set()).add(invitation.email.lower())
    rows = []
    for org in organisations:
        members = by_org.get(org.id, [])
        seated = [m for m in members if m.enrolment.status is EnrolmentStatus.ACTIVE]
        counts = [done.get(m.enrolment.id or 0, 0) for m in seated]
        rows.append(
            FunnelRow(
                organisation=org,
                invited=len(invited.get(org.id, ())),
                joined=len(seated),
                waitlisted=sum(
                    1 for m in members if m.enrolment.status is EnrolmentStatus.WAITLISTED
                ),
                started=sum(1 for c in counts if c > 0),
                finished=sum(1 for c in counts if modules and c >= modules),
            )
        )
    return rows
