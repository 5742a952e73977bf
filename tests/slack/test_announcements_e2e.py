"""A coordinator's announcement through signed Slack requests: the modal, the check in their
direct messages, then one post in the cohort channel and one direct message to each leader,
within the sending window."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.slack.conftest import AMIRA, BEN, LONDON, SAM, Harness
from tests.slack.coordinator_steps import click_for_answer, posts_to
from tests.slack.question_steps import settle

pytestmark = pytest.mark.manual_outbox

COHORT = "C0COHORT01"
NEWS = "The session on 2 March moves to Room 4, City Hall. <!channel> is not pinged."
SATURDAY = datetime(2027, 1, 16, 11, 0, tzinfo=LONDON)
MONDAY = datetime(2027, 1, 18, 8, 0, tzinfo=LONDON)


async def write_announcement(h: Harness, audience: str) -> dict[str, Any]:
    """Sam types /cohort announce, fills in the modal and sends it; the check he gets."""
    before = len(h.api.calls_to("views.open"))
    assert (await h.slack.slash_command("/cohort", "announce", SAM)).status == 200
    await h.api.wait_for("views.open", count=before + 1)
    answer = await h.slack.submit(SAM, {"message": NEWS, "audience": audience})
    assert answer.status == 200 and not answer.body  # the modal closes
    await settle(h)
    [check] = posts_to(h, "D" + SAM, "Check your announcement.")
    return check


async def test_the_announcement_is_checked_then_reaches_the_channel_and_each_leader_once(
    harness: Harness,
) -> None:
    h = harness
    check = await write_announcement(h, "everyone")
    assert check["text"].startswith(
        "Check your announcement. It goes to the cohort channel, and to each of the 2 "
        "leaders as a direct message: 2 people in all. It goes now."
    )
    assert posts_to(h, COHORT, "Announcement:") == []

    sent = await click_for_answer(h, SAM, "announce_send", check["ts"])
    again = await click_for_answer(h, SAM, "announce_send", check["ts"])

    assert sent["text"] == "Your announcement goes to the cohort channel and 2 leaders now."
    assert again["text"].startswith("You sent this announcement on Wednesday 13 January 2027.")
    for where in (COHORT, "D" + AMIRA, "D" + BEN):
        [post] = posts_to(h, where, "Announcement:")
        assert "From Sam Okafor, coordinator of Test cohort." in post["text"]
        # Shown as written, pinging nobody: plain text in the blocks, escaped in the fallback.
        assert {"type": "plain_text", "text": NEWS, "emoji": False} in [
            b.get("text") for b in post["blocks"]
        ]
        assert "&lt;!channel&gt; is not pinged." in post["text"]


async def test_an_announcement_typed_too_long_for_the_form_opens_it_cut_after_a_word(
    harness: Harness,
) -> None:
    h = harness
    typed = "Bring your notes and questions to the session on Monday. " * 60  # 3,480 characters
    assert (await h.slack.slash_command("/cohort", f"announce {typed}", SAM)).status == 200
    [opened] = await h.api.wait_for("views.open")
    [box] = [b["element"] for b in opened.args["view"]["blocks"] if b.get("block_id") == "message"]
    start = box["initial_value"].removesuffix("…")
    assert len(box["initial_value"]) <= box["max_length"] == 3000
    assert typed.startswith(start) and typed[len(start)] == " "


async def test_at_the_weekend_it_goes_when_the_sending_window_opens(harness: Harness) -> None:
    h = harness
    h.clock.set(SATURDAY)
    check = await write_announcement(h, "channel")

    sent = await click_for_answer(h, SAM, "announce_send", check["ts"])

    assert sent["text"] == (
        "Your announcement goes to the cohort channel at 08:00 on Monday 18 January 2027, "
        "when the sending window opens (working days, 08:00 to 18:00)."
    )
    assert posts_to(h, COHORT, "Announcement:") == []
    h.clock.set(MONDAY)
    await settle(h)
    assert len(posts_to(h, COHORT, "Announcement:")) == 1
    assert posts_to(h, "D" + AMIRA, "Announcement:") == []


async def test_an_announcement_not_sent_goes_nowhere(harness: Harness) -> None:
    h = harness
    check = await write_announcement(h, "everyone")

    dropped = await click_for_answer(h, SAM, "announce_drop", check["ts"])
    late = await click_for_answer(h, SAM, "announce_send", check["ts"])

    assert dropped["text"] == "Not sent. Type /cohort announce to write another."
    assert late["text"].startswith("You decided not to send this announcement")
    assert posts_to(h, COHORT, "Announcement:") == []
