"""Who holds a question, and what waits: the moderators' queue through signed requests
and the fake Slack."""

from __future__ import annotations

import pytest

from tests.slack.conftest import AMIRA, FATIMA, MODERATORS, SAM, Harness
from tests.slack.question_steps import asked, settle
from tests.slack.test_commands_e2e import reply_to
from tests.slack.test_question_safety_e2e import fields, sections

pytestmark = pytest.mark.manual_outbox

QUESTION = "How do I choose a measure for a new service?"


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
