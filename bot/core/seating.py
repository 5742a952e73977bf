"""Seat groups of leaders in a few sessions, as many as can be on a session they said Yes to.

A min-cost flow by successive shortest paths, where a Yes seat costs -1 and an If need be
seat costs 0. The paths run on the sessions alone, not on the leaders: a step from one
session to another moves some leaders who can make both, and costs the Yes seats it
loses. With at most about ten sessions each path is quick to find however large the
cohort, and it carries as many leaders as its steps allow at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

ARRIVING = -1  # where a step starts when it seats leaders not yet seated
Step = tuple[int, int, int]  # (from session or ARRIVING, to session, cost)


@dataclass(frozen=True)
class Group:
    """Leaders who answered alike; bit i of a mask stands for session i."""

    can: int
    yes: int
    size: int

    def cost(self, session: int) -> int:
        return -(self.yes >> session & 1)


def seat(groups: Sequence[Group], capacity: int, target: int) -> list[dict[int, int]]:
    """For each group, how many of its leaders sit in each session.

    Seats `target` leaders, or as many as the sessions can take, with the most on a Yes
    session. Every flow on the way is the cheapest for its size, which is why a path
    may move leaders already seated to make room.
    """
    flow = _Flow(groups, capacity)
    while flow.seated < target and (path := flow.cheapest_path()):
        flow.push(path, target - flow.seated)
    return [{s: n for s, n in seats.items() if n} for seats in flow.seats]


class _Flow:
    """The seats so far, with the leaders each step could move kept ready to hand."""

    def __init__(self, groups: Sequence[Group], capacity: int) -> None:
        self.groups = groups
        self.capacity = capacity
        self.waiting = [0] * len(groups)
        self.seats: list[dict[int, int]] = [defaultdict(int) for _ in groups]
        self.load: defaultdict[int, int] = defaultdict(int)
        self.movable: defaultdict[Step, dict[int, None]] = defaultdict(dict)  # ordered sets
        self.total: defaultdict[Step, int] = defaultdict(int)
        for index, group in enumerate(groups):
            self._wait(index, group.size)

    @property
    def seated(self) -> int:
        return sum(self.load.values())

    def cheapest_path(self) -> list[Step]:
        """The cheapest steps to a session with a free seat, last step first (Bellman-Ford).

        Costs can be negative but no cycle of steps is: the flow is the cheapest for its
        size. Empty when no session with a free seat can be reached.
        """
        steps = [step for step, total in self.total.items() if total]
        cost, via = {ARRIVING: 0}, dict[int, Step]()
        for _ in range(len({end for _, end, _ in steps})):
            changed = False
            for step in steps:
                start, end, price = step
                if start in cost and (end not in cost or cost[start] + price < cost[end]):
                    cost[end], via[end], changed = cost[start] + price, step, True
            if not changed:
                break
        free = [s for s in via if self.load[s] < self.capacity]
        path, at = [], min(free, key=lambda s: (cost[s], s), default=ARRIVING)
        while at != ARRIVING:
            path.append(via[at])
            at = via[at][0]
        return path

    def push(self, path: list[Step], most: int) -> None:
        """Move as many leaders along `path` as it allows; later steps first, to keep
        each step's leaders the ones that were there when it was chosen."""
        end = path[0][1]
        amount = min(most, self.capacity - self.load[end], *(self.total[s] for s in path))
        for step in path:
            self._move(step, amount)

    def _move(self, step: Step, amount: int) -> None:
        start, end, _ = step
        for index in list(self.movable[step]):
            there = self.waiting[index] if start == ARRIVING else self.seats[index][start]
            count = min(amount, there)
            if start == ARRIVING:
                self._wait(index, -count)
            else:
                self._sit(index, start, -count)
            self._sit(index, end, count)
            amount -= count
            if not amount:
                return

    def _wait(self, index: int, count: int) -> None:
        group, before = self.groups[index], self.waiting[index]
        self.waiting[index] += count
        for session in _bits(group.can):
            self._track((ARRIVING, session, group.cost(session)), index, before, count)

    def _sit(self, index: int, session: int, count: int) -> None:
        group, before = self.groups[index], self.seats[index][session]
        self.seats[index][session] += count
        self.load[session] += count
        for other in _bits(group.can & ~(1 << session)):
            price = group.cost(other) - group.cost(session)
            self._track((session, other, price), index, before, count)

    def _track(self, step: Step, index: int, before: int, count: int) -> None:
        self.total[step] += count
        if not before:
            self.movable[step][index] = None
        elif before + count == 0:
            del self.movable[step][index]


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low
