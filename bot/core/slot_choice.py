"""Which reflection sessions to run, from a poll of candidate slots, and who goes to each.

Leaders answer Yes, If need be or No for each slot. With no limit on a session's size we
run one session at the slot most leaders can make. With a capacity we seat everyone who
can make some slot in as few sessions as possible, as many as possible on a slot they
said Yes to; only if every session together is too small do some wait.

A poll has at most about ten slots but a cohort may have thousands of leaders, so the
work is done on bit masks of slots: leaders who answered alike are one group, the
slot sets are few enough to try in turn, and the flows run on the slots alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from itertools import combinations

from bot.core.seating import Group, seat


class Availability(StrEnum):
    YES = "yes"
    IF_NEED_BE = "if-need-be"
    NO = "no"


@dataclass(frozen=True)
class Slot:
    id: int
    starts_at: datetime
    minutes: int


@dataclass(frozen=True)
class Session:
    slot_id: int
    leaders: tuple[int, ...]  # leader ids, sorted


@dataclass(frozen=True)
class Proposal:
    sessions: tuple[Session, ...]  # in order of start
    unplaced: tuple[int, ...]  # sorted


Votes = Mapping[int, Mapping[int, Availability]]  # votes[leader][slot]; no entry means No


def best_slot(slots: Sequence[Slot], votes: Votes) -> Slot | None:
    """The slot most leaders can make; more Yes, then the earlier start, settles a tie."""

    def rank(slot: Slot) -> tuple[int, int, datetime, int]:
        answers = [answers.get(slot.id, Availability.NO) for answers in votes.values()]
        can = sum(answer != Availability.NO for answer in answers)
        return -can, -answers.count(Availability.YES), slot.starts_at, slot.id

    return min(slots, key=rank, default=None)


def propose(slots: Sequence[Slot], votes: Votes, capacity: int | None = None) -> Proposal:
    """The sessions to run and the voters none of them can take.

    Without a capacity: one session at the best slot. With one: the fewest sessions that
    seat as many voters as can be seated, then the most on a Yes slot, then the earliest
    slots. Among leaders who answered alike, the lowest ids go first.
    """
    if capacity is not None and capacity < 1:
        raise ValueError("a session must have room for at least one leader")
    if capacity is None:
        return _one_session(slots, votes)
    poll = _poll(slots, votes, capacity)
    target = _seats(poll, poll.every_slot, poll.can_within)
    return _most_yes(poll, _fewest_sessions(poll, target), target).proposal(poll)


def _one_session(slots: Sequence[Slot], votes: Votes) -> Proposal:
    slot = best_slot(slots, votes)
    going = tuple(
        sorted(
            leader
            for leader, answers in votes.items()
            if slot and answers.get(slot.id, Availability.NO) != Availability.NO
        )
    )
    unplaced = tuple(sorted(set(votes) - set(going)))
    return Proposal((Session(slot.id, going),) if slot and going else (), unplaced)


@dataclass(frozen=True)
class _Poll:
    """The votes as masks, where bit i stands for the i-th slot in order of start."""

    slots: tuple[Slot, ...]
    groups: Mapping[tuple[int, int], tuple[int, ...]]  # (can, yes) masks -> leaders, sorted
    voters: int
    capacity: int
    can_within: tuple[int, ...]  # [mask]: leaders who can make no slot outside it
    yes_within: tuple[int, ...]  # [mask]: leaders who said Yes to no slot outside it

    @property
    def every_slot(self) -> int:
        return (1 << len(self.slots)) - 1


def _poll(slots: Sequence[Slot], votes: Votes, capacity: int) -> _Poll:
    ordered = tuple(sorted(slots, key=lambda slot: (slot.starts_at, slot.id)))
    groups: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    for leader in sorted(votes):
        answers = [votes[leader].get(slot.id, Availability.NO) for slot in ordered]
        can = sum(1 << i for i, answer in enumerate(answers) if answer != Availability.NO)
        yes = sum(1 << i for i, answer in enumerate(answers) if answer == Availability.YES)
        groups[can, yes].append(leader)
    cans: defaultdict[int, int] = defaultdict(int)
    yeses: defaultdict[int, int] = defaultdict(int)
    for (can, yes), leaders in groups.items():
        cans[can] += len(leaders)
        yeses[yes] += len(leaders)
    return _Poll(
        ordered,
        {group: tuple(leaders) for group, leaders in groups.items()},
        len(votes),
        capacity,
        _within(cans, len(ordered)),
        _within(yeses, len(ordered)),
    )


def _within(counts: Mapping[int, int], slots: int) -> tuple[int, ...]:
    """For every mask, how many leaders have their mask inside it (a sum over subsets)."""
    within = [0] * (1 << slots)
    for mask, count in counts.items():
        within[mask] += count
    for bit in range(slots):
        for mask in range(1 << slots):
            if mask >> bit & 1:
                within[mask] += within[mask ^ 1 << bit]
    return tuple(within)


def _seats(poll: _Poll, sessions: int, within: Sequence[int]) -> int:
    """The most leaders `sessions` can seat, on any slot they can make or, given
    `poll.yes_within`, only on those they said Yes to.

    The maximum flow equals the smallest cut, and with few slots we can try every cut:
    close some sessions (`capacity` seats each) and turn away every leader who could
    still reach an open one. Leaders who can make none of `sessions` cost nothing.
    """
    outside = poll.every_slot & ~sessions
    return min(
        poll.capacity * closed.bit_count() + poll.voters - within[closed | outside]
        for closed in _submasks(sessions)
    )


def _submasks(mask: int) -> Iterator[int]:
    sub = mask
    while True:
        yield sub
        if not sub:
            return
        sub = (sub - 1) & mask


def _fewest_sessions(poll: _Poll, target: int) -> list[int]:
    """Every smallest set of sessions that seats `target` leaders, earliest slots first."""
    sizes = range(-(-target // poll.capacity), len(poll.slots) + 1)
    return next(fit for size in sizes if (fit := _sets_that_seat(poll, size, target)))


def _sets_that_seat(poll: _Poll, size: int, target: int) -> list[int]:
    masks = (sum(1 << i for i in chosen) for chosen in combinations(range(len(poll.slots)), size))
    return [mask for mask in masks if _seats(poll, mask, poll.can_within) >= target]


@dataclass(frozen=True)
class _Seating:
    sessions: int  # mask
    yes: int  # leaders on a slot they said Yes to
    leaders: Mapping[int, tuple[int, ...]]  # slot index -> leaders, sorted

    def proposal(self, poll: _Poll) -> Proposal:
        seated = {leader for leaders in self.leaders.values() for leader in leaders}
        everyone = {leader for leaders in poll.groups.values() for leader in leaders}
        return Proposal(
            tuple(Session(poll.slots[i].id, self.leaders[i]) for i in sorted(self.leaders)),
            tuple(sorted(everyone - seated)),
        )


def _most_yes(poll: _Poll, choices: list[int], target: int) -> _Seating:
    """The choice seating most leaders on a Yes slot; the earliest slots settle a tie.

    Seating is the slow part, so choices go in order of the most Yes they could give
    (everyone who said Yes to one of them, as far as the seats go), skipping those that
    cannot beat the best so far.
    """
    order = {sessions: n for n, sessions in enumerate(choices)}

    def rank(sessions: int, yes: int) -> tuple[int, int]:
        return yes, -order[sessions]

    bound = {s: min(target, _seats(poll, s, poll.yes_within)) for s in choices}
    ranked = sorted(choices, key=lambda s: rank(s, bound[s]), reverse=True)
    best = _seat(poll, ranked[0], target)
    for sessions in ranked[1:]:
        if rank(sessions, bound[sessions]) > rank(best.sessions, best.yes):
            seating = _seat(poll, sessions, target)
            if rank(sessions, seating.yes) > rank(best.sessions, best.yes):
                best = seating
    return best


def _seat(poll: _Poll, sessions: int, target: int) -> _Seating:
    """Seat leaders in `sessions`, where leaders who answered alike are one group."""
    alike: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    for (can, yes), leaders in poll.groups.items():
        if can & sessions:
            alike[can & sessions, yes & sessions].extend(leaders)
    groups = [Group(can, yes, len(members)) for (can, yes), members in alike.items()]
    seated: defaultdict[int, list[int]] = defaultdict(list)
    on_yes = 0
    seats = seat(groups, poll.capacity, target)
    for group, members, counts in zip(groups, alike.values(), seats, strict=True):
        queue = iter(sorted(members))
        for session in sorted(counts):
            seated[session].extend(next(queue) for _ in range(counts[session]))
            on_yes -= counts[session] * group.cost(session)
    return _Seating(sessions, on_yes, {s: tuple(sorted(ls)) for s, ls in seated.items()})
