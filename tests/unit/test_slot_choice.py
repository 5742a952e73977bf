import random
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.slot_choice import (
    Availability,
    Proposal,
    Session,
    Slot,
    Votes,
    best_slot,
    propose,
)

YES, MAYBE, NO = Availability.YES, Availability.IF_NEED_BE, Availability.NO
MONDAY = datetime(2027, 3, 1, 9, 0)


def slot(id: int, day: int = 0, hour: int = 0) -> Slot:
    return Slot(id, MONDAY + timedelta(days=day, hours=hour), 60)


MON, TUE, WED = slot(1, 0), slot(2, 1), slot(3, 2)


def seated(proposal: Proposal) -> dict[int, int]:
    return {leader: s.slot_id for s in proposal.sessions for leader in s.leaders}


# The best slot


def test_the_best_slot_is_the_one_most_leaders_can_make_if_need_be_counting() -> None:
    votes = {1: {1: YES, 2: YES}, 2: {1: NO, 2: MAYBE}, 3: {2: MAYBE}}
    assert best_slot([MON, TUE], votes) == TUE


def test_a_tie_in_who_can_make_it_goes_to_the_slot_with_more_yes() -> None:
    votes = {1: {1: MAYBE, 2: YES}, 2: {1: YES, 2: YES}}
    assert best_slot([MON, TUE], votes) == TUE


def test_a_tie_in_yes_goes_to_the_earlier_slot_whatever_the_order_given() -> None:
    votes = {1: {1: YES, 2: YES, 3: MAYBE}, 2: {1: MAYBE, 2: MAYBE, 3: YES}}
    assert best_slot([WED, TUE, MON], votes) == MON


def test_slots_at_the_same_time_go_to_the_lower_id() -> None:
    assert best_slot([slot(7), slot(4)], {1: {4: YES, 7: YES}}) == slot(4)


def test_a_missing_answer_counts_as_no() -> None:
    votes = {1: {1: YES, 2: NO}, 2: {2: MAYBE}, 3: {2: MAYBE}}
    assert best_slot([MON, TUE], votes) == TUE


def test_with_no_votes_the_best_slot_is_the_earliest_and_without_slots_there_is_none() -> None:
    assert best_slot([TUE, MON], {}) == MON
    assert best_slot([], {1: {1: YES}}) is None


# One session, when sessions have no size limit


def test_everyone_who_can_make_the_best_slot_goes_and_the_rest_are_unplaced() -> None:
    votes = {
        14: {1: YES, 2: NO},
        11: {1: MAYBE, 2: YES},
        12: {1: YES},
        13: {1: NO, 2: YES},
        15: {},
    }
    assert propose([TUE, MON], votes) == Proposal((Session(1, (11, 12, 14)),), (13, 15))


def test_without_slots_every_voter_is_unplaced() -> None:
    assert propose([], {2: {}, 1: {1: YES}}) == Proposal((), (1, 2))
    assert propose([], {2: {}, 1: {1: YES}}, capacity=5) == Proposal((), (1, 2))


def test_without_votes_there_is_nothing_to_propose() -> None:
    assert propose([MON, TUE], {}) == Proposal((), ())
    assert propose([MON, TUE], {}, capacity=5) == Proposal((), ())


def test_a_slot_nobody_can_make_is_never_proposed() -> None:
    votes = {1: {1: NO, 2: NO}, 2: {}}
    assert propose([MON, TUE], votes) == Proposal((), (1, 2))
    assert propose([MON, TUE], votes, capacity=1) == Proposal((), (1, 2))


# Sessions with a capacity


def test_forty_leaders_with_room_for_twenty_split_into_two_sessions_of_twenty() -> None:
    leaders = range(101, 141)
    votes = {leader: {1: YES, 2: MAYBE, 3: YES} for leader in reversed(leaders)}
    proposal = propose([WED, TUE, MON], votes, capacity=20)
    assert proposal == Proposal(
        (Session(1, tuple(range(101, 121))), Session(3, tuple(range(121, 141)))), ()
    )


def test_one_session_when_it_has_room_for_everyone() -> None:
    votes = {leader: {1: MAYBE, 2: YES} for leader in range(1, 41)}
    assert propose([MON, TUE], votes, capacity=40) == Proposal(
        (Session(2, tuple(range(1, 41))),), ()
    )


def test_fewer_sessions_count_before_more_yes() -> None:
    votes = {1: {1: YES, 2: MAYBE}, 2: {1: YES, 2: MAYBE}, 3: {3: YES, 2: MAYBE}}
    assert propose([MON, TUE, WED], votes, capacity=3) == Proposal((Session(2, (1, 2, 3)),), ())


def test_more_yes_counts_before_earlier_slots() -> None:
    votes = {1: {1: MAYBE, 2: YES}, 2: {1: YES, 2: YES}, 3: {1: MAYBE, 3: YES}, 4: {3: YES}}
    proposal = propose([MON, TUE, WED], votes, capacity=2)
    assert proposal == Proposal((Session(2, (1, 2)), Session(3, (3, 4))), ())


def test_earlier_slots_settle_a_tie_in_yes() -> None:
    votes = {1: {1: YES, 2: YES, 3: YES}, 2: {1: YES, 2: YES, 3: YES}, 3: {1: YES, 2: YES}}
    proposal = propose([WED, TUE, MON], votes, capacity=2)
    assert [s.slot_id for s in proposal.sessions] == [1, 2]


def test_everyone_seated_counts_before_giving_a_leader_a_yes() -> None:
    votes = {1: {1: YES, 2: MAYBE}, 2: {1: YES}}
    assert propose([MON, TUE], votes, capacity=1) == Proposal(
        (Session(1, (2,)), Session(2, (1,))), ()
    )


def test_leaders_already_seated_move_to_make_room_for_more_yes() -> None:
    # Leader 1 fits anywhere; seating them on Monday first would leave leader 3 on If need be.
    votes = {1: {1: YES, 2: YES}, 2: {2: YES, 3: YES}, 3: {1: YES, 3: MAYBE}}
    proposal = propose([MON, TUE, WED], votes, capacity=1)
    assert len(proposal.sessions) == 3
    assert all(votes[leader][s] == YES for leader, s in seated(proposal).items())


def test_leaders_who_can_make_no_slot_are_unplaced_and_the_rest_seated() -> None:
    votes = {
        1: {1: YES},
        2: {1: NO, 2: NO},
        3: {},
        4: {9: YES},  # a slot not in the poll
        5: {2: MAYBE},
    }
    proposal = propose([MON, TUE], votes, capacity=10)
    assert proposal == Proposal((Session(1, (1,)), Session(2, (5,))), (2, 3, 4))


def test_when_sessions_are_too_small_as_many_as_possible_are_seated_lowest_ids_first() -> None:
    votes = {leader: {1: YES} for leader in (5, 3, 1, 4, 2)}
    assert propose([MON, TUE], votes, capacity=2) == Proposal((Session(1, (1, 2)),), (3, 4, 5))


def test_when_seats_are_short_leaders_who_said_yes_get_them() -> None:
    votes = {1: {1: MAYBE}, 2: {1: YES}, 3: {1: MAYBE, 2: YES}}
    assert propose([MON, TUE], votes, capacity=1) == Proposal(
        (Session(1, (2,)), Session(2, (3,))), (1,)
    )


def test_when_seats_are_short_they_are_still_in_the_fewest_sessions() -> None:
    votes = {1: {1: YES}, 2: {1: YES}, 3: {1: YES}, 4: {2: YES, 3: YES}, 5: {2: YES, 3: YES}}
    proposal = propose([MON, TUE, WED], votes, capacity=2)
    assert proposal == Proposal((Session(1, (1, 2)), Session(2, (4, 5))), (3,))


def test_leaders_who_answered_alike_fill_the_earlier_session_lowest_ids_first() -> None:
    votes = {leader: {1: YES, 2: YES} for leader in (8, 2, 6, 4)}
    proposal = propose([TUE, MON], votes, capacity=2)
    assert proposal == Proposal((Session(1, (2, 4)), Session(2, (6, 8))), ())


def test_a_capacity_must_seat_someone() -> None:
    with pytest.raises(ValueError):
        propose([MON], {1: {1: YES}}, capacity=0)


def test_two_thousand_leaders_over_ten_slots_fill_eight_sessions_of_two_hundred_fifty() -> None:
    rng = random.Random(1)
    slots = [slot(n, day=n) for n in range(10)]
    votes = {n: {s.id: rng.choice(list(Availability)) for s in slots} for n in range(2000)}
    proposal = propose(slots, votes, capacity=250)
    assert [len(s.leaders) for s in proposal.sessions] == [250] * 8
    assert proposal.unplaced == ()
    assert all(votes[leader][s] != NO for leader, s in seated(proposal).items())


# Properties, against every possible seating


Poll = tuple[list[Slot], dict[int, dict[int, Availability]]]


@st.composite
def polls(draw: st.DrawFn) -> Poll:
    """Up to 4 slots (some at the same time) and up to 7 voters, some answers missing."""
    ids = draw(st.lists(st.integers(1, 9), max_size=4, unique=True))
    slots = [slot(i, hour=draw(st.integers(0, 2))) for i in ids]
    leaders = draw(st.lists(st.integers(1, 99), max_size=7, unique=True))
    answers = st.dictionaries(st.sampled_from(ids or [0]), st.sampled_from(Availability))
    return slots, {leader: draw(answers) if ids else {} for leader in leaders}


capacities = st.one_of(st.none(), st.integers(1, 4))
quick = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def can_make(votes: Votes, leader: int, slot_id: int) -> bool:
    return votes[leader].get(slot_id, NO) != NO


def every_seating(slots: Sequence[Slot], votes: Votes, capacity: int) -> Iterator[dict[int, int]]:
    """Every way to seat each voter at a slot they can make, or not at all, within capacity."""
    leaders = sorted(votes)
    options = [[s.id for s in slots if can_make(votes, leader, s.id)] + [0] for leader in leaders]
    for choice in product(*options):
        if all(n <= capacity for n in Counter(c for c in choice if c).values()):
            yield {leader: c for leader, c in zip(leaders, choice, strict=True) if c}


def score(seating: Mapping[int, int], votes: Votes) -> tuple[int, int, int]:
    """What propose maximises: leaders seated, then fewest sessions, then Yes seats."""
    yes = sum(votes[leader][s] == YES for leader, s in seating.items())
    return len(seating), -len(set(seating.values())), yes


def best_score(slots: Sequence[Slot], votes: Votes, capacity: int) -> tuple[int, int, int]:
    return max(score(seating, votes) for seating in every_seating(slots, votes, capacity))


@quick
@given(polls(), capacities)
def test_every_voter_is_seated_once_or_unplaced_once(poll: Poll, capacity: int | None) -> None:
    slots, votes = poll
    proposal = propose(slots, votes, capacity)
    everyone = [leader for s in proposal.sessions for leader in s.leaders] + [*proposal.unplaced]
    assert sorted(everyone) == sorted(votes)


@quick
@given(polls(), capacities)
def test_every_seated_leader_can_make_their_session(poll: Poll, capacity: int | None) -> None:
    slots, votes = poll
    assert all(
        can_make(votes, leader, s) for leader, s in seated(propose(slots, votes, capacity)).items()
    )


@quick
@given(polls(), st.integers(1, 4))
def test_no_session_is_over_capacity_or_empty(poll: Poll, capacity: int) -> None:
    slots, votes = poll
    assert all(0 < len(s.leaders) <= capacity for s in propose(slots, votes, capacity).sessions)


@quick
@given(polls(), capacities)
def test_sessions_are_in_order_of_start_and_everything_listed_is_sorted(
    poll: Poll, capacity: int | None
) -> None:
    slots, votes = poll
    proposal = propose(slots, votes, capacity)
    start = {s.id: (s.starts_at, s.id) for s in slots}
    assert [start[s.slot_id] for s in proposal.sessions] == sorted(
        start[s.slot_id] for s in proposal.sessions
    )
    assert all(list(s.leaders) == sorted(s.leaders) for s in proposal.sessions)
    assert list(proposal.unplaced) == sorted(proposal.unplaced)


@quick
@given(polls())
def test_without_capacity_everyone_who_can_make_the_best_slot_is_seated_there(poll: Poll) -> None:
    slots, votes = poll
    best = best_slot(slots, votes)
    going = {n: best.id for n in votes if can_make(votes, n, best.id)} if best else {}
    assert seated(propose(slots, votes)) == going


@quick
@given(polls(), st.integers(1, 4))
def test_everyone_who_can_make_a_slot_is_seated_when_some_seating_allows_it(
    poll: Poll, capacity: int
) -> None:
    slots, votes = poll
    can = [leader for leader in votes if any(can_make(votes, leader, s.id) for s in slots)]
    placed, _, _ = best_score(slots, votes, capacity)
    proposal = propose(slots, votes, capacity)
    assert len(seated(proposal)) == placed
    if placed == len(can):
        assert sorted(seated(proposal)) == sorted(can)


@quick
@given(polls(), st.integers(1, 4))
def test_sessions_are_as_few_as_any_seating_of_as_many_leaders_needs(
    poll: Poll, capacity: int
) -> None:
    slots, votes = poll
    _, fewest, _ = best_score(slots, votes, capacity)
    assert len(propose(slots, votes, capacity).sessions) == -fewest


@quick
@given(polls(), st.integers(1, 4))
def test_yes_seats_are_as_many_as_any_seating_in_the_fewest_sessions_gives(
    poll: Poll, capacity: int
) -> None:
    slots, votes = poll
    *_, yes = best_score(slots, votes, capacity)
    assert score(seated(propose(slots, votes, capacity)), votes)[2] == yes


@quick
@given(polls(), capacities, st.randoms(use_true_random=False))
def test_a_proposal_depends_on_the_votes_not_on_the_order_they_come_in(
    poll: Poll, capacity: int | None, rng: random.Random
) -> None:
    slots, votes = poll
    shuffled_slots = rng.sample(slots, len(slots))
    shuffled_votes = dict(rng.sample(list(votes.items()), len(votes)))
    proposal = propose(slots, votes, capacity)
    assert propose(slots, votes, capacity) == proposal
    assert propose(shuffled_slots, shuffled_votes, capacity) == proposal


@quick
@given(polls(), st.integers(1, 4))
def test_the_earliest_slots_win_among_equally_good_seatings(poll: Poll, capacity: int) -> None:
    slots, votes = poll
    start = {s.id: (s.starts_at, s.id) for s in slots}
    best = best_score(slots, votes, capacity)
    earliest = min(
        sorted(start[s] for s in set(seating.values()))
        for seating in every_seating(slots, votes, capacity)
        if score(seating, votes) == best
    )
    assert [start[s.slot_id] for s in propose(slots, votes, capacity).sessions] == earliest
