"""Answers that say where someone stands and what they can use: help for their role, a
place on the waitlist, the Join button, and a resume with nothing to resume."""

from __future__ import annotations

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
