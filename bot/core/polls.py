"""Polls for reflection-session slots, and the sessions they lead to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.slot_choice import Availability

MAX_SLOTS = 10
FORMATS = ("Online", "In person", "Hybrid")
LENGTHS = (30, 45, 60, 90, 120)  # minutes a session may last
REMINDERS_BEFORE_DEADLINE = (timedelta(hours=48), timedelta(hours=24))
SESSION_REMINDERS = (("day", timedelta(days=1)), ("hour", timedelta(hours=1)))


class PollStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # no more votes; sessions proposed, waiting for the coordinator
    CONFIRMED = "confirmed"  # sessions set and leaders invited


class PollVerb(StrEnum):
    """What a coordinator asks of one poll: each command that needs a poll chosen."""

    RESULTS = "results"
    MISSING = "missing"
    CLOSE = "close"
    SESSIONS = "sessions"

    def fits(self, poll: Poll) -> bool:
        """Whether the poll is one this makes sense for: closing an open poll, the
        sessions of a confirmed one; answers of any."""
        if self is PollVerb.CLOSE:
            return poll.status is PollStatus.OPEN
        if self is PollVerb.SESSIONS:
            return poll.status is PollStatus.CONFIRMED
        return True


def title_key(title: str) -> str:
    """A poll's title as compared: neither case nor spacing counts."""
    return " ".join(title.casefold().split())


@dataclass
class Poll:
    cohort_id: int
    title: str
    deadline: datetime
    created_by: int  # a person id
    created_at: datetime
    formats: tuple[str, ...] = ()  # empty: no question about format
    capacity: int | None = None  # the most leaders one session can take
    hide_counts: bool = False  # until the poll closes
    status: PollStatus = PollStatus.OPEN
    id: int | None = None

    def accepts_votes(self, now: datetime) -> bool:
        return self.status is PollStatus.OPEN and now < self.deadline


@dataclass(frozen=True)
class PollSlot:
    poll_id: int
    starts_at: datetime
    minutes: int
    id: int | None = None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Vote:
    poll_id: int
    slot_id: int
    person_id: int
    availability: Availability


@dataclass(frozen=True)
class FormatVote:
    poll_id: int
    person_id: int
    choice: str


@dataclass
class ReflectionSession:
    """A session the coordinator confirmed at one of the poll's slots (`slot_id`). It keeps
    its own time, which starts as the slot's and moves if the session is rescheduled."""

    poll_id: int
    slot_id: int
    place: str = ""  # a joining link or a room
    format: str = ""
    id: int | None = None
    starts_at: datetime = field(kw_only=True)
    minutes: int = field(kw_only=True)
    notes: str = ""  # for the leaders: what to bring, how to find the room
    # Raised by each change sent to the leaders; their calendar files carry it (SEQUENCE).
    sequence: int = 0
    cancelled: bool = False

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    def has_moved(self, slot: PollSlot) -> bool:
        """Whether it was rescheduled away from the time of the slot it was confirmed at."""
        return self.starts_at != slot.starts_at


@dataclass
class Seat:
    """A leader's place in a session, and what they said about it afterwards."""

    session_id: int
    person_id: int
    attended: bool | None = None
    rating: int | None = None  # 1 to 5
    comment: str | None = None


@dataclass(frozen=True)
class SlotPlan:
    """One candidate slot as the coordinator gave it, before it is stored."""

    starts_at: datetime
    minutes: int


@dataclass(frozen=True)
class PollPlan:
    """A poll as the coordinator filled it in, checked and ready to store."""

    title: str
    slots: tuple[SlotPlan, ...]
    deadline: datetime
    formats: tuple[str, ...] = ()
    capacity: int | None = None
    hide_counts: bool = False
