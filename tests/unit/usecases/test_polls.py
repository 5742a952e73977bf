"""A coordinator polls the leaders for session times; leaders vote; the poll closes once."""

from __future__ import annotations

from bot.core.model import Actor
from bot.core.polls import PollStatus
from bot.core.requests import PressButton
from bot.core.slot_choice import Availability
from tests.fakes.core.rows import POLLS, VOTES
from tests.unit.usecases.driver import PLATFORM, Course, text_of

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


async def confirmed_twice(course: Course) -> None:
    """Two polls, each closed by name and confirmed with its proposal."""
    await course.start_poll("sam", POLL)
    await course.start_poll("sam", {**POLL, "title": ("Reflection session 2",)})
    await course.vote("amira", 1, 1, Availability.YES)
    await course.vote("ben", 2, 3, Availability.YES)
    assert (await course.close_poll("sam", "reflection session 1")).startswith("Closed")
    assert (await course.close_poll("sam", 2)).startswith("Closed “Reflection session 2”")
    for poll in ("1", "2"):
        await course.services.confirmation.confirm(Actor(PLATFORM, "sam"), poll, {})


async def test_a_second_poll_under_a_title_the_cohort_has_is_not_started(course: Course) -> None:
    await started(course)

    await course.start_poll("sam", {**POLL, "title": ("REFLECTION  session 1",)})

    assert len(course.uow.database.rows(POLLS)) == 1


async def test_with_two_confirmed_polls_sessions_lists_them_and_a_title_picks_one(
    course: Course,
) -> None:
    await confirmed_twice(course)

    listed = await course.command("sam", "cohort", "sessions")
    named = await course.command("sam", "cohort", "sessions Reflection session 2")
    closed = await course.command("sam", "cohort", "poll close")

    assert listed.startswith(
        "2 polls have confirmed sessions. Which poll's sessions do you want to see? "
        "“Reflection session 2” (Sessions confirmed); “Reflection session 1” (Sessions confirmed)."
    )
    assert named == "Sessions for Reflection session 2"
    assert closed == "There is no open poll to close."


async def test_with_every_poll_closed_results_lists_them_to_pick_from(course: Course) -> None:
    await confirmed_twice(course)

    listed = await course.command("sam", "cohort", "poll results")
    picked = await course.handle(PressButton(Actor(PLATFORM, "sam"), "poll_pick_results", "1"))
    stale = await course.handle(PressButton(Actor(PLATFORM, "sam"), "poll_pick_results", "x"))

    assert listed.startswith("The cohort has 2 polls. Which poll's answers do you want to see?")
    assert picked is not None and picked.text == "Answers to Reflection session 1"
    assert stale is not None and stale.text == "That poll no longer exists."


async def test_a_leader_cannot_press_a_coordinators_poll_button(course: Course) -> None:
    await started(course)

    reply = await course.handle(PressButton(Actor(PLATFORM, "amira"), "poll_pick_close", "1"))

    assert reply is not None and reply.text.startswith("Only the cohort's coordinators")
    assert [p.status for p in course.uow.database.rows(POLLS).values()] == [PollStatus.OPEN]
