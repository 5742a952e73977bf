"""The weekly message in Slack: its buttons, through signed requests and the fake Web API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.slack.conftest import AMIRA, BEN, LONDON, Harness

pytestmark = pytest.mark.manual_outbox

MONDAY_WEEK_TWO = datetime(2027, 1, 18, 9, 0, tzinfo=LONDON)


async def nudged(h: Harness) -> dict[str, Any]:
    """Move to Monday 09:00 of week 2, run the rhythm, and return Amira's nudge as posted."""
    h.clock.set(MONDAY_WEEK_TWO)
    await h.bot.core.services.rhythm.run_due()
    await h.bot.core.services.outbox.dispatch_due()
    [nudge] = [
        c
        for c in h.api.calls_to("chat.postMessage")
        if c.response["channel"] == "D" + AMIRA and "Week 2" in str(c.args.get("blocks"))
    ]
    return nudge.response["message"] | {"channel": nudge.response["channel"]}


async def test_the_weekly_message_lists_the_weeks_modules_with_buttons(harness: Harness) -> None:
    message = await nudged(harness)
    text = str(message["blocks"])
    assert "Week 2: your modules" in text
    assert "6. Choosing measures that matter" in text
    assert text.count("Mark done") == 6  # modules 6 to 11 are week 2 of six
    assert "Remind me tomorrow" in text
    cohort_post = harness.api.calls_to("chat.postMessage")
    assert any(c.args["channel"] == "C0COHORT01" for c in cohort_post)


async def test_remind_me_tomorrow_confirms_and_sends_again_next_working_day(
    harness: Harness,
) -> None:
    h = harness
    message = await nudged(h)
    await h.slack.click(
        AMIRA, "nudge_snooze", channel_id=message["channel"], message_ts=message["ts"]
    )
    [reply] = await h.api.wait_for("response_url")
    assert reply.args["text"] == "I will send it again on Tuesday 19 January 2027 at 09:00."
    h.clock.set(datetime(2027, 1, 19, 9, 0, tzinfo=LONDON))
    await h.bot.core.services.outbox.dispatch_due()
    again = [c for c in h.api.calls_to("chat.postMessage") if c.response["channel"] == "D" + AMIRA]
    assert "Week 2: your modules" in str(again[-1].args["blocks"])


async def test_marking_a_module_done_from_the_weekly_message_records_it(harness: Harness) -> None:
    h = harness
    message = await nudged(h)
    await h.slack.click(
        AMIRA,
        "module_done",
        "choosing-measures-that-matter",
        channel_id=message["channel"],
        message_ts=message["ts"],
    )
    [reply] = await h.api.wait_for("response_url")
    assert reply.args["text"].startswith("Done: module 6. Good work.")


async def test_a_leader_behind_sees_a_catch_up_plan(harness: Harness) -> None:
    h = harness
    await nudged(h)
    ben = [c for c in h.api.calls_to("chat.postMessage") if c.response["channel"] == "D" + BEN][-1]
    assert "I'm behind" in str(ben.args["blocks"])
    msg = ben.response["message"]
    await h.slack.click(
        BEN, "nudge_catch_up", channel_id=ben.response["channel"], message_ts=msg["ts"]
    )
    [reply] = await h.api.wait_for("response_url")
    assert reply.args["text"].startswith(
        "Here is a catch-up plan for the 32 modules you have left."
    )
