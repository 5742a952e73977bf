"""From /cohort progress, a coordinator writes to the leaders behind their plan, through
signed Slack requests: the button, the modal that names them with a note to edit, and one
direct message to each, in the sending window."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.slack.conftest import AMIRA, BEN, LONDON, SAM, Harness
from tests.slack.coordinator_steps import posts_to, show_privately
from tests.slack.question_steps import settle
from tests.slack.test_commands_e2e import reply_to

pytestmark = pytest.mark.manual_outbox

WEEK_THREE = datetime(2027, 1, 27, 10, 0, tzinfo=LONDON)
EVENING = datetime(2027, 1, 27, 19, 30, tzinfo=LONDON)
NOTE = "Could you find half an hour this week? Module 1 is a good place to start."


async def open_the_form(h: Harness) -> dict[str, object]:
    """Sam types /cohort progress and presses the button under those behind; the modal."""
    progress = await reply_to(h, "/cohort", "progress", SAM)
    assert "Ben Adeyemi, Hackney Council: 21 modules behind" in str(progress["blocks"])
    ts = show_privately(h, SAM, progress)
    before = len(h.api.calls_to("views.open"))
    clicked = await h.slack.click(SAM, "progress_write_behind", channel_id="D" + SAM, message_ts=ts)
    assert clicked.status == 200
    await h.api.wait_for("views.open", count=before + 1)
    view = h.slack.ws.open_modal(SAM)
    assert view is not None
    return view


async def test_the_leaders_behind_each_get_the_coordinators_note_once(harness: Harness) -> None:
    h = harness
    h.clock.set(WEEK_THREE)
    await reply_to(h, "/checkin", "1-11", AMIRA)  # on track; Ben, on 3 weeks, is behind
    view = await open_the_form(h)
    shown = str(view["blocks"])
    assert "1 leader is behind their plan." in shown and "Amira" not in shown
    assert view["submit"]["text"] == "Send to 1 leader"
    assert "I can see you have fallen a little behind your plan." in shown  # the note to edit

    answer = await h.slack.submit(SAM, {"note": NOTE})
    assert answer.status == 200 and not answer.body
    await settle(h)

    [note] = posts_to(h, "D" + BEN, "Hello Ben.")
    assert note["text"] == (
        f"Hello Ben. {NOTE} From Sam Okafor, coordinator of Test cohort. "
        "You have done 0 of 32 modules, 21 modules behind your plan."
    )
    assert posts_to(h, "D" + AMIRA, "Hello Amira.") == []
    [told] = posts_to(h, "D" + SAM, "Your note goes to")
    assert told["text"] == "Your note goes to 1 leader now: Ben Adeyemi."


async def test_a_note_written_in_the_evening_goes_in_the_morning(harness: Harness) -> None:
    h = harness
    h.clock.set(EVENING)
    await open_the_form(h)

    await h.slack.submit(SAM, {"note": NOTE})
    await settle(h)

    [told] = posts_to(h, "D" + SAM, "Your note goes to")
    assert told["text"].startswith(
        "Your note goes to 2 leaders at 08:00 on Thursday 28 January 2027, when the sending "
        "window opens"
    )
    assert posts_to(h, "D" + BEN, "Hello Ben.") == []
    h.clock.set(datetime(2027, 1, 28, 8, 0, tzinfo=LONDON))
    await settle(h)
    assert len(posts_to(h, "D" + BEN, "Hello Ben.")) == 1
    assert len(posts_to(h, "D" + AMIRA, "Hello Amira.")) == 1
