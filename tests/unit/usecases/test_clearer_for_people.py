"""Answers that say where someone stands and what they can use: help for their role, a
place on the waitlist, the Join button, and a resume with nothing to resume."""

from __future__ import annotations

from datetime import timedelta

from bot.core.join_form import JOIN
from bot.core.messages import Actions, Button, Message
from bot.core.model import Actor
from bot.core.platforms import CommandName
from bot.core.requests import RunCommand
from tests.unit.usecases.driver import PLATFORM, Course

CAMDEN = {
    "organisation": ("camden",),
    "job_title": ("Director of Data",),
    "seniority": ("director",),
    "pace": ("6",),
    "consent": ("agreed",),
}


async def run(course: Course, user: str, name: str, text: str) -> Message:
    """Type a command; the private answer, blocks and all."""
    request = RunCommand(Actor(PLATFORM, user), CommandName(name), text, tuple(text.split()))
    answer = await course.handle(request)
    assert isinstance(answer, Message)
    return answer


async def join_camden(course: Course, user: str, name: str) -> None:
    course.directory.add(user, name)
    await course.services.joining.join(Actor(PLATFORM, user), "", CAMDEN, f"join-{user}")


async def test_a_leader_on_the_waitlist_who_checks_in_is_told_their_place(course: Course) -> None:
    await join_camden(course, "gina", "Gina Lopez")  # Camden's second seat
    await join_camden(course, "harry", "Harry Osei")

    for text in ("3", "", "undo 3"):
        answer = await run(course, "harry", "checkin", text)
        assert answer.text == (
            "You are on Camden Council's waitlist: number 1. Your course starts when a seat "
            "comes free, and I will tell you at once."
        ), text
    assert (await run(course, "harry", "progress", "pace 3")).text.startswith(
        "You are on Camden Council's waitlist: number 1."
    )


async def test_someone_not_enrolled_is_given_the_join_button(course: Course) -> None:
    answer = await run(course, "zoe", "checkin", "3")

    assert answer.text == (
        "You are not enrolled in a cohort yet. Press Join the cohort to sign up for "
        "LOTI Data Master Class, cohort 1."
    )
    assert Actions((Button("Join the cohort", JOIN, "1", "primary"),)) in answer.blocks
    for name, text in (("progress", ""), ("progress", "pause 2w"), ("checkin", "")):
        assert (await run(course, "zoe", name, text)).blocks == answer.blocks, (name, text)


async def test_resume_when_not_paused_says_so_and_changes_nothing(course: Course) -> None:
    before = await course.progress("amira")

    answer = await course.resume("amira")

    assert answer == (
        "You are not paused, so there is nothing to resume. Your weekly message comes as usual."
    )
    assert await course.progress("amira") == before
    await course.pause("amira", 14)
    assert (await course.resume("amira")).startswith("Welcome back.")
    assert (await course.resume("amira")).startswith("You are not paused")


async def test_resume_after_a_pause_ran_out_still_makes_a_fresh_plan(course: Course) -> None:
    await course.pause("amira", 7)
    course.clock.advance(timedelta(days=10))

    assert (await course.resume("amira")).startswith("Welcome back.")


async def test_cohort_help_shows_coordinators_commands_to_coordinators_only(
    course: Course,
) -> None:
    for text in ("", "help"):
        coordinator = await run(course, "sam", "cohort", text)
        assert coordinator.text.startswith("Commands for coordinators.")

        leader = await run(course, "amira", "cohort", text)
        assert leader.text.startswith(
            "/cohort is for the cohort's coordinators. Here is what you can use:"
        )
        assert "/checkin 3" in leader.text and "/ask" in leader.text
        assert "poll" not in leader.text and "add @person" not in leader.text

        stranger = await run(course, "zoe", "cohort", text)
        assert stranger.text == leader.text


async def test_cohort_help_adds_what_moderators_and_champions_do(course: Course) -> None:
    course.directory.add("gina", "Gina Lopez")
    await run(course, "sam", "cohort", "champion @gina org=camden")

    moderator = await run(course, "priya", "cohort", "help")
    champion = await run(course, "gina", "cohort", "help")

    assert "Claim" in moderator.text and "recruitment" not in moderator.text
    assert "/cohort recruitment:" in champion.text and "Claim" not in champion.text


ODD_TIMES = {
    "title": ("Reflection session 1",),
    "slot1_date": ("2027-01-23",),  # a Saturday
    "slot1_time": ("10:00",),
    "slot1_length": ("60",),
    "slot2_date": ("2027-01-25",),
    "slot2_time": ("07:00",),  # before the working day starts at 08:00
    "slot2_length": ("60",),
    "slot3_date": ("2027-01-26",),
    "slot3_time": ("14:00",),
    "slot3_length": ("60",),
    "slot4_date": ("2027-01-27",),
    "slot4_time": ("17:30",),  # runs past 18:00
    "slot4_length": ("60",),
    "deadline_date": ("2027-01-22",),
    "deadline_time": ("17:00",),
}


async def test_a_poll_with_slots_outside_working_hours_starts_with_a_warning(
    course: Course,
) -> None:
    await course.start_poll("sam", ODD_TIMES)

    started = course.delivery("poll-started:1").outgoing.message
    assert started.text.startswith("Your poll “Reflection session 1” is open.")
    assert started.text.endswith(
        "Check these times, outside working hours (Monday to Friday, 08:00 to 18:00): "
        "Saturday 23 January 2027 at 10:00 (a Saturday); "
        "Monday 25 January 2027 at 07:00 (before 08:00); "
        "Wednesday 27 January 2027 at 17:30 (runs past 18:00). "
        "Leaders may not be free then. If a time is wrong, close this poll and start another."
    )
    assert len(course.outbox("poll-dm:1:")) == 4  # it went out all the same


async def test_a_poll_in_working_hours_starts_without_a_warning(course: Course) -> None:
    ordinary = {k: v for k, v in ODD_TIMES.items() if k.startswith(("title", "deadline", "slot3"))}
    await course.start_poll("sam", ordinary)

    assert "Check these times" not in course.delivery("poll-started:1").outgoing.message.text
