"""How fast sessions are proposed from a poll: 40 and 2,000 voters over 10 slots.

Run `.venv/bin/python -m bench.slot_choice_bench`. Each voter answers every slot Yes, If
need be or No at random (fixed seeds); `propose` runs with a capacity (20 for 40 voters,
250 for 2,000) and without one. The medians replace this benchmark's section of
bench/RESULTS.md.
"""

from __future__ import annotations

import platform
import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench.results import RESULTS, write_section
from bot.core.slot_choice import Availability, Proposal, Slot, Votes, propose

CASES = ((40, 20), (40, None), (2000, 250), (2000, None))  # (voters, capacity)
SLOTS = 10
RUNS = 7
SEED = 2027
BEGIN, END = "<!-- slot-choice-bench -->", "<!-- /slot-choice-bench -->"


@dataclass(frozen=True)
class Measure:
    voters: int
    capacity: int | None
    patterns: int  # distinct ways of answering
    sessions: int
    on_yes: int  # leaders seated on a slot they said Yes to
    unplaced: int
    median_ms: float


def poll_slots() -> list[Slot]:
    """Ten slots over two weeks: every weekday at 9:00, one a day."""
    first = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    days = [day for day in range(14) if (first + timedelta(days=day)).weekday() < 5]
    return [Slot(n, first + timedelta(days=day), 90) for n, day in enumerate(days[:SLOTS], 1)]


def random_votes(voters: int, slots: Sequence[Slot], seed: int = SEED) -> Votes:
    rng = random.Random(seed + voters)
    answers = list(Availability)
    return {leader: {s.id: rng.choice(answers) for s in slots} for leader in range(1, voters + 1)}


def measure(voters: int, capacity: int | None) -> Measure:
    slots = poll_slots()
    votes = random_votes(voters, slots)
    timings, proposal = [], Proposal((), ())
    for _ in range(RUNS):
        began = time.perf_counter()
        proposal = propose(slots, votes, capacity)
        timings.append((time.perf_counter() - began) * 1000)
    return Measure(
        voters,
        capacity,
        len({tuple(answers.values()) for answers in votes.values()}),
        len(proposal.sessions),
        sum(votes[n][s.slot_id] == Availability.YES for s in proposal.sessions for n in s.leaders),
        len(proposal.unplaced),
        statistics.median(timings),
    )


def report(measures: Sequence[Measure]) -> str:
    """This benchmark's section of bench/RESULTS.md."""
    lines = [
        BEGIN,
        "## Proposing reflection sessions",
        "",
        f"`python -m bench.slot_choice_bench`, {datetime.now(UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()} on {platform.system()} {platform.machine()}. "
        f"{SLOTS} slots; every voter answers each one Yes, If need be or No at random "
        f"(fixed seeds); `propose` with and without a capacity, median of {RUNS} runs.",
        "",
        "| voters | capacity | ways of answering | sessions | seated on Yes | unplaced "
        "| median time |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(_row(m) for m in measures),
        "",
        "Without a capacity it is one count per slot. With one, every set of sessions "
        "large enough is checked by its cuts (at most 2^10 of them), and only the sets "
        "that could give more Yes seats than the best so far are seated by a min-cost "
        "flow that runs on the slots, not on the leaders. Random answers are the hard "
        "case: almost every voter answers differently, so grouping alike voters saves "
        "little, and 2,000 voters fill all eight sessions of 250 exactly.",
        END,
    ]
    return "\n".join(lines)


def _row(m: Measure) -> str:
    capacity = f"{m.capacity:,}" if m.capacity else "none"
    return (
        f"| {m.voters:,} | {capacity} | {m.patterns:,} | {m.sessions} | {m.on_yes:,} "
        f"| {m.unplaced:,} | {m.median_ms:.1f} ms |"
    )


def main() -> int:
    measures = []
    for voters, capacity in CASES:
        measures.append(measure(voters, capacity))
        print(_row(measures[-1]), flush=True)
    write_section(BEGIN, END, report(measures))
    print(f"Wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
