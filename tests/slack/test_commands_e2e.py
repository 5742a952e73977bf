"""Slash commands through signed HTTP requests, answered via the fake Slack."""

from __future__ import annotations

from typing import Any

from bot.core.model import Actor
from tests.slack.conftest import AMIRA, BEN, FATIMA, SAM, Harness


async def reply_to(h: Harness, command: str, text: str, user: str) -> dict[str, Any]:
    """Run a slash command and return the private reply the bot posted to its response_url."""
    before = len(h.api.calls_to("response_url"))
    response = await h.slack.slash_command(command, text, user)
    assert response.status == 200
    calls = await h.api.wait_for("response_url", count=before + 1)
    reply: dict[str, Any] = calls[-1].args
    assert reply["response_type"] == "ephemeral"
    return reply


async def done_modules(h: Harness, user: str) -> int:
    message = await h.bot.core.services.progress.progress(Actor("slack", user))
    return int(message.text.split()[3])  # "You have done N of 32 modules. ..."


async def test_a_check_in_records_modules_and_replies_privately_with_progress(
    harness: Harness,
) -> None:
    h = harness
    reply = await reply_to(h, "/checkin", "1-3", AMIRA)
    assert reply["text"].startswith("Done: modules 1, 2 and 3. Good work. You have done 3 of 32")
    assert any("3 of 32 modules done" in str(b) for b in reply["blocks"])
    assert await done_modules(h, AMIRA) == 3


async def test_a_list_of_modules_and_an_undo_change_the_record(harness: Harness) -> None:
    h = harness
    await reply_to(h, "/checkin", "2 5 7", AMIRA)
    reply = await reply_to(h, "/checkin", "undo 5", AMIRA)
    assert reply["text"].startswith("Module 5 is now marked as not done.")
    assert await done_modules(h, AMIRA) == 2


async def test_checking_in_twice_counts_once_and_says_so(harness: Harness) -> None:
    h = harness
    await reply_to(h, "/checkin", "4", AMIRA)
    reply = await reply_to(h, "/checkin", "4", AMIRA)
    assert reply["text"].startswith("You had already recorded module 4.")
    assert await done_modules(h, AMIRA) == 1


async def test_a_wrong_module_number_is_explained_and_changes_nothing(harness: Harness) -> None:
    h = harness
    reply = await reply_to(h, "/checkin", "40", AMIRA)
    assert reply["text"] == (
        "There is no module 40: modules are numbered 1 to 32. "
        "For example: /checkin 3, or /checkin 1-4"
    )
    assert await done_modules(h, AMIRA) == 0


async def test_progress_shows_the_bar_time_left_and_this_weeks_plan(harness: Harness) -> None:
    h = harness
    await reply_to(h, "/checkin", "1", BEN)
    reply = await reply_to(h, "/progress", "", BEN)
    assert reply["text"].startswith(
        "You have done 1 of 32 modules. About 7 hours 45 minutes of the course is left. "
        "This is week 1 of 3."
    )
    shown = str(reply["blocks"])
    assert "This week's plan" in shown and "1. Data and better decisions" in shown


async def test_every_command_answers_help(harness: Harness) -> None:
    h = harness
    for command in ("/checkin", "/progress", "/cohort"):
        reply = await reply_to(h, command, "help", SAM)
        assert command in reply["text"]


async def test_someone_not_enrolled_is_told_how_to_join(harness: Harness) -> None:
    h = harness
    reply = await reply_to(h, "/progress", "", FATIMA)
    assert reply["text"] == (
        "You are not enrolled in a cohort yet. Press Join the cohort to sign up for Test cohort."
    )


async def test_a_leader_is_told_politely_that_cohort_is_for_coordinators(harness: Harness) -> None:
    h = harness
    reply = await reply_to(h, "/cohort", "status", AMIRA)
    assert reply["text"].startswith("/cohort is for the cohort's coordinators.")


async def test_a_coordinator_sees_enrolment_and_completion(harness: Harness) -> None:
    h = harness
    await reply_to(h, "/checkin", "1-16", AMIRA)
    reply = await reply_to(h, "/cohort", "status", SAM)
    assert reply["text"] == ("Test cohort: 2 of 5 seats taken. Overall completion 25%. 0 finished.")
    assert "Camden Council: 1 of 2 seats taken, 50% done" in str(reply["blocks"])


async def test_a_coordinator_enrols_a_leader_who_then_gets_a_welcome(harness: Harness) -> None:
    h = harness
    await h.api.wait_for("chat.postMessage", count=2)  # the file's two leaders are welcomed
    reply = await reply_to(
        h, "/cohort", f"add <@{FATIMA}|fatima> org=islington seniority=hos pace=3", SAM
    )
    assert reply["text"].startswith("Enrolled Fatima Ali, Islington Council, on the 3-week pace.")
    posts = await h.api.wait_for("chat.postMessage", count=3)
    assert posts[-1].response["channel"] == "D" + FATIMA
    assert posts[-1].args["text"].startswith("Welcome to Test cohort.")
    progress = await reply_to(h, "/progress", "", FATIMA)
    assert "This is week 1 of 3." in progress["text"]


async def test_enrolling_with_an_unknown_organisation_or_person_is_explained(
    harness: Harness,
) -> None:
    h = harness
    unknown_org = await reply_to(h, "/cohort", f"add <@{FATIMA}> org=mars seniority=director", SAM)
    assert unknown_org["text"].startswith("There is no organisation “mars” in this cohort.")
    unknown_person = await reply_to(
        h, "/cohort", "add <@U0NOBODY01> org=camden seniority=director", SAM
    )
    assert unknown_person["text"].startswith("I could not find that person.")


async def test_a_malformed_cohort_command_gets_a_one_line_explanation(harness: Harness) -> None:
    h = harness
    reply = await reply_to(h, "/cohort", "add @fatima", SAM)
    assert reply["text"] == (
        "Give both an org= and a seniority=. "
        "For example: /cohort add @Amira org=camden seniority=director pace=6"
    )


async def test_a_leader_pauses_moves_their_message_and_sees_their_plan(harness: Harness) -> None:
    h = harness
    paused = await reply_to(h, "/progress", "pause 2w", AMIRA)
    assert paused["text"].startswith("Paused. I will send you nothing until Wednesday 27")
    moved = await reply_to(h, "/progress", "remind tue 08:30", AMIRA)
    assert moved["text"] == "I will send your weekly message on Tuesday at 08:30."
    plan = await reply_to(h, "/progress", "plan", AMIRA)
    assert plan["text"].startswith("You are on track. Here is your plan. Week 1: modules 1 to 5")
    wrong = await reply_to(h, "/progress", "pace 5", AMIRA)
    assert wrong["text"] == "Pace is 3 or 6 (weeks). For example: /progress pace 6"
