"""A coordinator polls the leaders for session times; leaders vote; the poll closes once."""

from __future__ import annotations

from bot.core.polls import PollStatus
from bot.core.slot_choice import Availability
from tests.fakes.core.rows import POLLS, VOTES
from tests.unit.usecases.driver import Course, text_of

POLL = {
    "title": ("Reflection session 1",),
    "slot1_date": ("2027-01-25",),
    "slot1_time": ("14:00",),
    "slot1_length": ("60",),
    "slot2_date": ("2027-01-26",),
    "slot2_time": ("10:00",),
    "slot2_length": ("60",),
    "deadline_date": ("2027-01-22",),
    "deadline_time": ("17:00",),
}


async def started(course: Course) -> Course:
    await course.start_poll("sam", POLL)
    return course


async def test_starting_a_poll_posts_it_and_sends_every_leader_a_copy(course: Course) -> None:
    await started(course)

    assert {d.recipient for d in course.outbox("poll-dm:1:")} == {"amira", "ben", "chloe", "dev"}
    assert course.delivery("poll:1").recipient == "C0COHORT01"
    assert text_of(course.delivery("poll-started:1")).startswith(
        "Your poll “Reflection session 1” is open. I have"
    )


async def test_a_leaders_second_vote_for_a_slot_replaces_the_first(course: Course) -> None:
    await started(course)

    first = await course.vote("amira", 1, 1, Availability.YES)
    await course.vote("amira", 1, 1, Availability.NO)

    assert first.startswith("Saved: ")
    votes = [row.vote for row in course.uow.database.rows(VOTES).values()]
    assert [(v.slot_id, v.availability) for v in votes] == [(1, Availability.NO)]
    assert len(course.outbox("poll-mine:1:")) == 2  # the leader's copy, refreshed each time


async def test_closing_the_poll_sends_the_proposal_to_the_coordinators_once(
    course: Course,
) -> None:
    await started(course)
    await course.vote("amira", 1, 1, Availability.YES)
    await course.vote("ben", 1, 1, Availability.YES)

    reply = await course.close_poll("sam")
    again = await course.close_poll("sam")

    assert reply.startswith("Closed “Reflection session 1”.")
    assert again == "There is no open poll to close."
    assert course.delivery("poll-proposal:1").recipient == "C0COORDIN1"
    assert [p.status for p in course.uow.database.rows(POLLS).values()] == [PollStatus.CLOSED]


async def test_a_vote_after_the_poll_closed_is_not_counted(course: Course) -> None:
    await started(course)
    await course.close_poll("sam")

    reply = await course.vote("amira", 1, 1, Availability.YES)

    assert "have closed. Your answer was not counted." in reply
    assert course.uow.database.rows(VOTES) == {}


async def test_only_a_coordinator_can_close_a_poll(course: Course) -> None:
    await started(course)

    reply = await course.close_poll("amira")

    assert reply.startswith("/cohort is for the cohort's coordinators.")
    assert [p.status for p in course.uow.database.rows(POLLS).values()] == [PollStatus.OPEN]
