"""A leader's own weekly-message time in Slack: refused outside the sending hours, kept
inside them, and each week's message arriving in its own week."""

from __future__ import annotations

import pytest

from tests.slack.conftest import AMIRA, BEN, Harness
from tests.slack.test_commands_e2e import reply_to
from tests.slack.test_rhythm_e2e import at, run_at, texts_to, weekly_nudges_to, welcomed

pytestmark = pytest.mark.manual_outbox

HOURS = "Monday to Friday, from 08:00 to 17:45"


async def test_a_time_outside_the_sending_hours_is_refused_with_the_hours_and_kept_out(
    harness: Harness,
) -> None:
    h = harness
    await welcomed(h)
    evening = await reply_to(h, "/progress", "remind friday 19:00", AMIRA)
    assert evening["text"] == (
        f"Friday at 19:00 is outside the hours I send messages: {HOURS}. "
        "Choose a day and time in those hours. For example: /progress remind friday 17:45"
    )
    assert "For example: /progress remind friday 17:45" in str(evening["blocks"])
    weekend = await reply_to(h, "/progress", "remind saturday 10:00", AMIRA)
    assert weekend["text"].startswith("Saturday at 10:00 is outside the hours I send messages: ")
    assert weekend["text"].endswith("For example: /progress remind friday 10:00")
    early = await reply_to(h, "/progress", "remind monday 07:30", AMIRA)
    assert early["text"].endswith("For example: /progress remind monday 08:00")

    # Nothing was changed: Amira keeps the cohort's Monday 09:00.
    await run_at(h, at("2027-01-15", 19))
    assert texts_to(h, AMIRA) == []
    await run_at(h, at("2027-01-18", 9))
    assert weekly_nudges_to(h, AMIRA) == [2] and weekly_nudges_to(h, BEN) == [2]
    h.api.assert_no_problems()


async def test_the_last_quarter_hour_of_a_friday_sends_each_weeks_message_that_friday(
    harness: Harness,
) -> None:
    h = harness
    await welcomed(h)
    reply = await reply_to(h, "/progress", "remind friday 17:45", AMIRA)
    assert reply["text"] == "I will send your weekly message on Friday at 17:45."

    await run_at(h, at("2027-01-15", 17, 44))
    assert texts_to(h, AMIRA) == []
    await run_at(h, at("2027-01-15", 17, 45))  # Friday of week 1
    assert weekly_nudges_to(h, AMIRA) == [1]
    assert texts_to(h, AMIRA)[0].startswith("Hello Amira. This is week 1 of your 6:")
    await run_at(h, at("2027-01-18", 9))  # Monday of week 2: Ben's, not Amira's
    assert weekly_nudges_to(h, AMIRA) == [1] and weekly_nudges_to(h, BEN) == [2]
    await run_at(h, at("2027-01-22", 17, 45))  # Friday of week 2
    assert weekly_nudges_to(h, AMIRA) == [1, 2]
    h.api.assert_no_problems()
