"""Who holds a question, and what waits: the moderators' queue through signed requests
and the fake Slack."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.replies.question_queue import TAKE_OVER, UNCLAIM
from bot.core.replies.questions import CLAIM
from tests.slack.conftest import AMIRA, BEN, FATIMA, MODERATORS, SAM, Harness
from tests.slack.question_steps import (
    asked,
    bot_posts,
    press,
    settle,
    stored_question,
    updates,
)
from tests.slack.test_commands_e2e import reply_to
from tests.slack.test_data_rights_e2e import press_in_reply
from tests.slack.test_question_safety_e2e import fields, sections

pytestmark = pytest.mark.manual_outbox

QUESTION = "How do I choose a measure for a new service?"


def buttons(blocks: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Each button beside a line of a message: its label, action and value."""
    return [
        (b["accessory"]["text"]["text"], b["accessory"]["action_id"], b["accessory"]["value"])
        for b in blocks
        if b.get("accessory", {}).get("type") == "button"
    ]


async def person_id(h: Harness, user: str) -> int | None:
    async with h.bot.core.services.ctx.uow() as uow:
        person = await uow.people.find("slack", user)
    return None if person is None else person.id


async def test_a_question_a_moderator_replied_to_is_answered_not_waiting(
    harness: Harness,
) -> None:
    h = harness
    card, _ = await asked(h, AMIRA, QUESTION)
    await h.slack.channel_message(FATIMA, MODERATORS, "Start from the decision.", card["ts"])
    await settle(h)
    listed = await reply_to(h, "/cohort", "questions", SAM)
    assert listed["text"].startswith("1 question so far (0 anonymous), 0 waiting for an answer.")
    assert not [s for s in sections(listed["blocks"]) if s.startswith("*Q-1")]
    counts = fields(listed["blocks"])
    for status, count in (("Open", 0), ("Claimed", 0), ("Answered", 1), ("Resolved", 0)):
        assert f"*{status}*\n{count}" in counts
    h.api.assert_no_problems()


async def test_a_second_claim_says_who_holds_the_question_and_changes_nothing(
    harness: Harness,
) -> None:
    h = harness
    card, _ = await asked(h, AMIRA, QUESTION)
    await press(h, FATIMA, CLAIM, card)
    before = len(await updates(h))
    answer = await press(h, SAM, CLAIM, card)
    assert answer["text"] == (
        "Fatima Ali has claimed Q-1. Take it over if they cannot answer it: I will tell them."
    )
    assert answer["response_type"] == "ephemeral"
    assert "Take over" in str(answer["blocks"])
    assert len(await updates(h)) == before
    question = await stored_question(h, 1)
    assert question is not None and question.claimed_by == await person_id(h, FATIMA)
    h.api.assert_no_problems()


async def test_a_moderator_lists_the_queue_and_claims_and_unclaims_from_it(
    harness: Harness,
) -> None:
    h = harness
    card, _ = await asked(h, AMIRA, QUESTION)
    await asked(h, BEN, "Where are the slides for module 2?")
    queue = await reply_to(h, "/cohort", "questions", FATIMA)
    assert queue["text"] == "2 questions waiting for an answer, oldest first."
    assert [s.split("\n") for s in sections(queue["blocks"])[1:3]] == [
        [f"*Q-1: {QUESTION}*", "waiting 1 minute, unclaimed"],
        ["*Q-2: Where are the slides for module 2?*", "waiting 1 minute, unclaimed"],
    ]
    assert buttons(queue["blocks"]) == [("Claim", CLAIM, "1"), ("Claim", CLAIM, "2")]
    claimed = await press_in_reply(h, FATIMA, queue, CLAIM, "1")
    assert claimed["text"] == "You have claimed Q-1. Reply in its thread to answer."
    assert "(Claimed by Fatima Ali)" in (await updates(h))[-1].args["text"]

    queue = await reply_to(h, "/cohort", "questions", FATIMA)
    assert sections(queue["blocks"])[1].endswith(", claimed by you")
    assert buttons(queue["blocks"])[0] == ("Unclaim", UNCLAIM, "1")
    let_go = await press_in_reply(h, FATIMA, queue, UNCLAIM, "1")
    assert let_go["text"] == "You no longer hold Q-1. Any moderator can claim it now."
    update = (await updates(h))[-1]
    assert (update.args["ts"], "(Open)" in update.args["text"]) == (card["ts"], True)
    question = await stored_question(h, 1)
    assert question is not None and question.claimed_by is None
    h.api.assert_no_problems()


async def test_taking_over_tells_the_moderator_who_held_the_question(harness: Harness) -> None:
    h = harness
    card, _ = await asked(h, AMIRA, QUESTION)
    await press(h, FATIMA, CLAIM, card)
    refused = await press(h, SAM, CLAIM, card)
    answer = await press_in_reply(h, SAM, refused, TAKE_OVER)
    assert answer["text"] == (
        "You have taken over Q-1 from Fatima Ali, and I have told them. "
        "Reply in its thread to answer."
    )
    [notice] = bot_posts(h, "D" + FATIMA)
    assert notice["text"] == "Sam Okafor has taken over Q-1 from you, so you no longer hold it."
    assert QUESTION in str(notice["blocks"])
    assert "(Claimed by Sam Okafor)" in (await updates(h))[-1].args["text"]
    queue = await reply_to(h, "/cohort", "questions", FATIMA)
    assert sections(queue["blocks"])[1].endswith("claimed by Sam Okafor")
    assert buttons(queue["blocks"]) == [("Take over", TAKE_OVER, "1")]
    h.api.assert_no_problems()


async def test_a_coordinator_reassigns_a_question_to_a_moderator_and_both_holders_hear(
    harness: Harness,
) -> None:
    h = harness
    card, _ = await asked(h, AMIRA, QUESTION)
    await press(h, SAM, CLAIM, card)
    given = await reply_to(h, "/cohort", f"reassign Q-1 <@{FATIMA}|fatima>", SAM)
    assert given["text"] == "Fatima Ali now holds Q-1. I have told Fatima Ali."
    await settle(h)
    [note] = bot_posts(h, "D" + FATIMA)
    assert note["text"] == (
        "Sam Okafor has asked you to answer Q-1. Reply in its thread in the moderators' channel."
    )
    assert "(Claimed by Fatima Ali)" in (await updates(h))[-1].args["text"]

    handed_back = await reply_to(h, "/cohort", f"reassign Q-1 <@{SAM}|sam>", FATIMA)
    assert handed_back["text"] == "Sam Okafor now holds Q-1. I have told Sam Okafor."
    refused = await reply_to(h, "/cohort", f"reassign Q-1 <@{BEN}|ben>", SAM)
    assert refused["text"] == (
        "Ben Adeyemi does not moderate this cohort, so I cannot give them a question."
    )
    typo = await reply_to(h, "/cohort", "reassign Q-1", SAM)
    assert typo["text"] == (
        "Name the question, then the moderator as an @mention. "
        "For example: /cohort reassign Q-3 @Priya"
    )
    question = await stored_question(h, 1)
    assert question is not None and question.claimed_by == await person_id(h, SAM)
    h.api.assert_no_problems()


async def test_unclaiming_by_command_and_what_leaders_cannot_do(harness: Harness) -> None:
    h = harness
    card, _ = await asked(h, AMIRA, QUESTION)
    await press(h, FATIMA, CLAIM, card)
    not_hers = await reply_to(h, "/cohort", "unclaim Q-1", SAM)
    assert not_hers["text"] == "Fatima Ali holds Q-1, not you."
    let_go = await reply_to(h, "/cohort", "unclaim q1", FATIMA)
    assert let_go["text"] == "You no longer hold Q-1. Any moderator can claim it now."
    for words in ("questions", "unclaim Q-1", f"reassign Q-1 <@{BEN}|ben>"):
        refused = await reply_to(h, "/cohort", words, BEN)
        assert refused["text"].startswith("/cohort is for the cohort's coordinators.")
    question = await stored_question(h, 1)
    assert question is not None and question.claimed_by is None
    h.api.assert_no_problems()
