"""Two polls at once through signed requests and the fake Slack: each poll command acts on
the poll named, or lists the polls to pick from, and every answer says which poll it is
about (issue 12, item 3)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.slack.conftest import AMIRA, BEN, SAM, Harness
from tests.slack.question_steps import bot_posts, settle
from tests.slack.test_commands_e2e import reply_to
from tests.slack.test_polls_e2e import (
    COHORT,
    FORMAT,
    SLOT_A,
    SLOT_B,
    TITLE,
    YES,
    as_list,
    buttons,
    confirmed,
    filled,
    items,
    open_poll_form,
    slot_button,
    start_poll,
    stored_polls,
    texts_to,
    vote,
)

pytestmark = pytest.mark.manual_outbox

OTHER = "Follow-up session"
# The follow-up's slots, in week 3; its votes close on Friday of week 2.
SLOT_C = "Tuesday 26 January 2027, 14:00 to 15:30"
LATER = filled(
    title=OTHER,
    slot1_date="2027-01-26",
    slot2_date=None,
    slot2_time=None,
    deadline_date="2027-01-22",
)


async def start_other(h: Harness, values: dict[str, Any] = LATER) -> dict[str, Any]:
    """SAM starts the follow-up poll while the first is open; the follow-up's channel post."""
    await open_poll_form(h)
    answer = await h.slack.submit(SAM, values)
    assert answer.status == 200 and not answer.body
    await settle(h)
    [post] = [m for m in bot_posts(h, COHORT) if m["text"].startswith(f"{OTHER}: ")]
    return post


async def two_open_polls(h: Harness) -> tuple[dict[str, Any], dict[str, Any]]:
    return await start_poll(h, filled()), await start_other(h)


def picker(reply: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    """The polls listed to pick from: (button label, action id, value) by poll title."""
    return {
        block["text"]["text"].split("\n")[0].strip("*"): (
            block["accessory"]["text"]["text"],
            block["accessory"]["action_id"],
            block["accessory"]["value"],
        )
        for block in as_list(reply["blocks"])
        if block["type"] == "section" and "accessory" in block
    }


async def pick(h: Harness, reply: dict[str, Any], title: str) -> dict[str, Any]:
    """SAM presses the button beside `title` in a list of polls; the private answer."""
    _, action, value = picker(reply)[title]
    [*_, latest] = bot_posts(h, "D" + SAM)
    before = len(h.api.calls_to("response_url"))
    response = await h.slack.block_action(
        SAM, action, value, channel_id="D" + SAM, message_ts=latest["ts"]
    )
    assert response.status == 200
    calls = await h.api.wait_for("response_url", count=before + 1)
    await settle(h)
    answer: dict[str, Any] = calls[-1].args
    return answer


async def statuses(h: Harness) -> dict[str, str]:
    return {poll.title: poll.status.value for poll in await stored_polls(h)}


async def test_a_second_poll_may_open_alongside_the_first_but_not_under_its_title(
    harness: Harness,
) -> None:
    h = harness
    await start_poll(h, filled())
    await open_poll_form(h)
    answer = await h.slack.submit(SAM, {**LATER, "title": "  reflection   SESSION "})
    assert answer.json == {
        "response_action": "errors",
        "errors": {
            "title": (
                "The cohort already has a poll called “reflection   SESSION”. "
                "Give this one a title of its own, such as “reflection   SESSION 2”."
            )
        },
    }
    await start_other(h)
    assert await statuses(h) == {TITLE: "open", OTHER: "open"}
    assert texts_to(h, SAM, "Your poll") == [
        f"Your poll “{TITLE}” is open. I have posted it in the cohort channel and sent it to "
        "2 leaders. Votes close on Friday 15 January 2027 at 17:00.",
        f"Your poll “{OTHER}” is open. I have posted it in the cohort channel and sent it to "
        "2 leaders. Votes close on Friday 22 January 2027 at 17:00.",
    ]
    h.api.assert_no_problems()


async def test_each_answer_and_format_choice_says_which_poll_it_is_about(
    harness: Harness,
) -> None:
    h = harness
    first, other = await two_open_polls(h)
    assert await vote(h, AMIRA, YES, first, SLOT_A) == (
        f"Saved: Yes for {SLOT_A} in “{TITLE}”. "
        "You can change it until Friday 15 January 2027 at 17:00."
    )
    assert await vote(h, AMIRA, YES, other, SLOT_C) == (
        f"Saved: Yes for {SLOT_C} in “{OTHER}”. "
        "You can change it until Friday 22 January 2027 at 17:00."
    )
    [online] = [v for label, a, v in buttons(other["blocks"]) if a == FORMAT and label == "Online"]
    before = len(h.api.calls_to("response_url"))
    await h.slack.click(BEN, FORMAT, online, channel_id=COHORT, message_ts=other["ts"])
    calls = await h.api.wait_for("response_url", count=before + 1)
    assert calls[-1].args["text"] == f"Saved: you would prefer online for “{OTHER}”."
    # Each poll's buttons count for that poll only.
    assert items(h.slack.ws.messages[(COHORT, first["ts"])]["blocks"])[SLOT_A].startswith("Yes 1")
    assert items(h.slack.ws.messages[(COHORT, other["ts"])]["blocks"])[SLOT_C].startswith("Yes 1")
    assert slot_button(first, SLOT_A, YES) != slot_button(other, SLOT_C, YES)
    h.api.assert_no_problems()


async def test_close_asks_which_open_poll_and_closes_only_the_one_picked(
    harness: Harness,
) -> None:
    h = harness
    await two_open_polls(h)
    listed = await reply_to(h, "/cohort", "poll close", SAM)
    assert listed["text"] == (
        "2 polls are open. Which poll do you want to close? "
        f"“{OTHER}” (Open until Friday 22 January 2027 at 17:00); "
        f"“{TITLE}” (Open until Friday 15 January 2027 at 17:00). "
        f"Or type /cohort poll close and the poll's title, for example: /cohort poll close {OTHER}"
    )
    assert {title: label for title, (label, _, _) in picker(listed).items()} == {
        OTHER: "Close this poll",
        TITLE: "Close this poll",
    }
    assert await statuses(h) == {TITLE: "open", OTHER: "open"}

    closed = await pick(h, listed, OTHER)
    assert closed["text"] == f"Closed “{OTHER}”. The proposed sessions are on their way to you."
    assert await statuses(h) == {TITLE: "open", OTHER: "closed"}
    # With one poll open, close needs no title again.
    reply = await reply_to(h, "/cohort", "poll close", SAM)
    assert reply["text"] == f"Closed “{TITLE}”. The proposed sessions are on their way to you."
    assert await statuses(h) == {TITLE: "closed", OTHER: "closed"}
    # The list's button pressed again after its poll closed says so.
    assert (await pick(h, listed, OTHER))["text"] == f"“{OTHER}” is already closed."
    h.api.assert_no_problems()


async def test_close_by_title_closes_that_poll_and_an_unknown_title_lists_the_open_ones(
    harness: Harness,
) -> None:
    h = harness
    await two_open_polls(h)
    unknown = await reply_to(h, "/cohort", "poll close Reflection", SAM)
    assert unknown["text"].startswith(
        "There is no poll called “Reflection”. Which poll do you want to close?"
    )
    assert set(picker(unknown)) == {TITLE, OTHER}
    reply = await reply_to(h, "/cohort", "poll close “follow-up  SESSION”", SAM)
    assert reply["text"] == f"Closed “{OTHER}”. The proposed sessions are on their way to you."
    assert await statuses(h) == {TITLE: "open", OTHER: "closed"}
    again = await reply_to(h, "/cohort", f"poll close {OTHER}", SAM)
    assert again["text"] == f"“{OTHER}” is already closed."
    h.api.assert_no_problems()


async def test_results_and_missing_are_about_the_poll_named_or_picked(harness: Harness) -> None:
    h = harness
    first, other = await two_open_polls(h)
    await vote(h, AMIRA, YES, first, SLOT_A)
    await vote(h, BEN, YES, other, SLOT_C)

    for words, label in (("poll missing", "See who has not answered"), ("poll results", None)):
        reply = await reply_to(h, "/cohort", words, SAM)
        assert set(picker(reply)) == {TITLE, OTHER}
        assert label is None or picker(reply)[TITLE][0] == label
    missing = await reply_to(h, "/cohort", f"poll missing {TITLE}", SAM)
    assert missing["text"] == f"1 leader has not answered “{TITLE}”. Ben Adeyemi"
    missing = await pick(h, await reply_to(h, "/cohort", "poll missing", SAM), OTHER)
    assert missing["text"] == f"1 leader has not answered “{OTHER}”. Amira Khan"
    results = await reply_to(h, "/cohort", f"poll results {OTHER}", SAM)
    assert results["text"] == f"Answers to {OTHER}"
    assert items(results["blocks"]) == {
        SLOT_C: "Yes: Ben Adeyemi; If need be: nobody; No: nobody",
        "Online": "nobody",
        "In person": "nobody",
    }
    results = await pick(h, await reply_to(h, "/cohort", "poll results", SAM), TITLE)
    assert items(results["blocks"])[SLOT_A] == "Yes: Amira Khan; If need be: nobody; No: nobody"
    assert items(results["blocks"])[SLOT_B] == "Yes: nobody; If need be: nobody; No: nobody"

    # Once one is closed, the open one is meant: no need to name it.
    await reply_to(h, "/cohort", f"poll close {TITLE}", SAM)
    missing = await reply_to(h, "/cohort", "poll missing", SAM)
    assert missing["text"] == f"1 leader has not answered “{OTHER}”. Amira Khan"
    h.api.assert_no_problems()


async def test_sessions_shows_the_confirmed_poll_not_a_newer_open_one(harness: Harness) -> None:
    h = harness
    await confirmed(h)  # the first poll, closed and confirmed on Friday 15 January
    await start_other(h, {**LATER, "deadline_date": "2027-01-25", "deadline_time": "12:00"})
    report = await reply_to(h, "/cohort", "sessions", SAM)
    assert report["text"] == f"Sessions for {TITLE}"
    assert set(items(report["blocks"])) == {SLOT_A, SLOT_B}
    named = await reply_to(h, "/cohort", f"sessions {OTHER}", SAM)
    assert named["text"] == f"“{OTHER}” has no confirmed sessions yet."
    # Results and missing follow the open poll, the one still taking answers.
    missing = await reply_to(h, "/cohort", "poll missing", SAM)
    assert missing["text"] == f"2 leaders have not answered “{OTHER}”. Amira Khan, Ben Adeyemi"
    missing = await reply_to(h, "/cohort", f"poll missing {TITLE}", SAM)
    assert missing["text"] == f"Every leader has answered “{TITLE}”."
    h.api.assert_no_problems()
