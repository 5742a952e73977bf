"""Seats in Slack: a coordinator cannot go over an organisation's seats without saying so,
and every message counts the seats the same way."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.model import EnrolmentStatus
from tests.slack.conftest import SAM, Harness
from tests.slack.test_commands_e2e import reply_to
from tests.slack.test_data_rights_e2e import press_in_reply
from tests.slack.test_recruitment_e2e import GINA, HARRY, JO, audit, h, post_sign_up, status_of

pytestmark = pytest.mark.manual_outbox

__all__ = ["h"]  # the fixture, shared with the recruitment tests

ADD_ANYWAY = "cohort_add_over_seats"


def value_of(reply: dict[str, Any], action: str) -> str:
    """The value of the reply's button with this action id."""
    return next(
        element["value"]
        for block in reply["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == action
    )


async def test_adding_a_leader_to_a_full_organisation_asks_first_and_counts_seats_alike(
    h: Harness,
) -> None:
    added = await reply_to(h, "/cohort", f"add <@{GINA}|gina> org=camden seniority=director", SAM)
    assert added["text"] == (
        "Enrolled Gina Lopez, Camden Council, on the 6-week pace. I have sent them a welcome "
        "message. Camden Council now has 2 of 2 seats taken."
    )
    full = await reply_to(h, "/cohort", f"add <@{HARRY}|harry> org=camden seniority=director", SAM)
    assert full["text"] == (
        "Camden Council has no free seat: 2 of 2 seats taken. To add Harry Osei anyway, over "
        "its seats, press Add anyway. To keep to the seats, free one first with "
        "/cohort withdraw."
    )
    assert await status_of(h, HARRY) is None  # nothing was done
    status = await reply_to(h, "/cohort", "status", SAM)
    assert status["text"].startswith("Test cohort: 3 of 5 seats taken. Overall completion")

    confirmed = await press_in_reply(h, SAM, full, ADD_ANYWAY, value_of(full, ADD_ANYWAY))
    assert confirmed["text"] == (
        "Enrolled Harry Osei, Camden Council, on the 6-week pace. I have sent them a welcome "
        "message. Camden Council now has 2 of 2 seats taken, 1 leader over."
    )
    assert await status_of(h, HARRY) is EnrolmentStatus.ACTIVE
    enrolled = [d for a, d, _ in await audit(h) if a == "enrol-leader"]
    assert [d.get("over_seats") for d in enrolled] == [None, True]  # the override is on record

    # Every message counts the same seats: 3 taken, 1 leader over, 2 free, of 5.
    status = await reply_to(h, "/cohort", "status", SAM)
    assert status["text"].startswith(
        "Test cohort: 3 of 5 seats taken, 1 leader over. Overall completion"
    )
    assert "Camden Council: 2 of 2 seats taken, 1 leader over, 0% done" in str(status["blocks"])
    funnel = await reply_to(h, "/cohort", "recruitment", SAM)
    assert funnel["text"] == (
        "Recruitment for Test cohort: 3 of 5 seats taken, 1 leader over, 0 waiting, "
        "0 invited by email."
    )
    assert "finished 0 (full, 1 leader over)" in str(funnel["blocks"])
    post = await post_sign_up(h)
    assert "2 seats of 5 still free." in post["text"]

    # Withdrawing one of three in two seats frees no seat, and says so.
    withdrawn = await reply_to(h, "/cohort", f"withdraw <@{GINA}|gina>", SAM)
    assert withdrawn["text"] == (
        "Withdrew Gina Lopez from Test cohort. Camden Council now has 2 of 2 seats taken."
    )
    withdrawn = await reply_to(h, "/cohort", f"withdraw <@{HARRY}|harry>", SAM)
    assert withdrawn["text"] == (
        "Withdrew Harry Osei from Test cohort. Camden Council now has 1 of 2 seats taken. "
        "Nobody is waiting for a seat."
    )
    h.api.assert_no_problems()


async def test_giving_a_seat_in_a_full_organisation_asks_first(h: Harness) -> None:
    given = await reply_to(h, "/cohort", f"enrol <@{GINA}|gina> org=islington", SAM)
    assert given["text"] == (
        "Gave Gina Lopez a seat for Islington Council. I have sent them a welcome message. "
        "Islington Council now has 1 of 1 seat taken."
    )
    full = await reply_to(h, "/cohort", f"enrol <@{JO}|jo> org=islington", SAM)
    assert full["text"] == (
        "Islington Council has no free seat: 1 of 1 seat taken. To give Jo Brennan a seat "
        "anyway, over its seats, press Give a seat anyway. To keep to the seats, free one "
        "first with /cohort withdraw."
    )
    assert await status_of(h, JO) is None
    action = "cohort_place_over_seats"
    confirmed = await press_in_reply(h, SAM, full, action, value_of(full, action))
    assert confirmed["text"] == (
        "Gave Jo Brennan a seat for Islington Council. I have sent them a welcome message. "
        "Islington Council now has 1 of 1 seat taken, 1 leader over."
    )
    assert await status_of(h, JO) is EnrolmentStatus.ACTIVE
    given = [d for a, d, _ in await audit(h) if a == "enrol"]
    assert [d.get("over_seats") for d in given] == [None, True]
    h.api.assert_no_problems()
