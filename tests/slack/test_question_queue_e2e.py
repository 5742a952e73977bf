"""Who holds a question, and what waits: the moderators' queue through signed requests
and the fake Slack."""

from __future__ import annotations

import pytest

from bot.core.replies.questions import CLAIM
from tests.slack.conftest import AMIRA, FATIMA, MODERATORS, SAM, Harness
from tests.slack.question_steps import asked, press, settle, stored_question, updates
from tests.slack.test_commands_e2e import reply_to
from tests.slack.test_question_safety_e2e import fields, sections

pytestmark = pytest.mark.manual_outbox

QUESTION = "How do I choose a measure for a new service?"


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
