"""Closing a cohort through signed Slack requests: the confirmation, the closing summary in
the cohort channel and the final report in the coordinators' channel, each posted once, and
a closed cohort's silence."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.slack.conftest import AMIRA, LONDON, SAM, Harness
from tests.slack.coordinator_steps import click_for_answer, posts_to, show_privately
from tests.slack.question_steps import settle
from tests.slack.test_commands_e2e import reply_to

pytestmark = pytest.mark.manual_outbox

COHORT, COORDINATORS = "C0COHORT01", "C0COORDIN1"
WEEK_SEVEN = datetime(2027, 2, 24, 10, 0, tzinfo=LONDON)  # Wednesday, after the course


async def test_a_coordinator_closes_the_cohort_and_each_closing_message_arrives_once(
    harness: Harness,
) -> None:
    h = harness
    await reply_to(h, "/checkin", "1-32", AMIRA)
    h.clock.set(WEEK_SEVEN)
    prompt = await reply_to(h, "/cohort", "close", SAM)
    assert prompt["text"].startswith("Close Test cohort? Closing stops every weekly message")
    ts = show_privately(h, SAM, prompt)

    closed = await click_for_answer(h, SAM, "cohort_close", ts)
    again = await click_for_answer(h, SAM, "cohort_close", ts)

    assert closed["text"] == (
        "Test cohort is closed. I will send no more weekly messages, reminders or digests. "
        "The closing summary and the final report go now."
    )
    assert again["text"] == "Test cohort was already closed, on Wednesday 24 February 2027."
    [summary] = posts_to(h, COHORT, "Test cohort has closed.")
    assert "1 of the 2 leaders finished the course" in summary["text"]
    assert "/progress my-data" in str(summary["blocks"])
    [report] = posts_to(h, COORDINATORS, "Final report: Test cohort.")
    assert "Sam Okafor closed Test cohort on Wednesday 24 February 2027." in report["text"]
    assert "Headline findings" in str(report["blocks"])


async def test_a_closed_cohort_gets_no_weekly_message_and_leaders_are_told_what_still_works(
    harness: Harness,
) -> None:
    h = harness
    h.clock.set(datetime(2027, 1, 20, 10, 0, tzinfo=LONDON))  # week 2
    prompt = await reply_to(h, "/cohort", "close", SAM)
    await click_for_answer(h, SAM, "cohort_close", show_privately(h, SAM, prompt))
    posted = len(h.api.calls_to("chat.postMessage"))

    for moment in (timedelta(days=2, hours=5), timedelta(days=4, hours=23)):
        h.clock.set(datetime(2027, 1, 20, 10, 0, tzinfo=LONDON) + moment)
        await h.bot.core.services.rhythm.run_due()  # Friday's digest, Monday's messages
        await settle(h)
    refused = await reply_to(h, "/checkin", "3", AMIRA)
    progress = await reply_to(h, "/progress", "", AMIRA)

    assert len(h.api.calls_to("chat.postMessage")) == posted
    assert refused["text"] == (
        "Test cohort closed on Wednesday 20 January 2027, so I no longer record modules, "
        "change weekly messages or take new questions. You can still see your progress with "
        "/progress and get a copy of your data with /progress my-data."
    )
    assert progress["text"].startswith("You have done 0 of 32 modules.")
