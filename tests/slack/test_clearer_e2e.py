"""Clearer for people, through signed Slack requests: help for what each person can use,
answers that say where someone stands, natural phrasings, warnings about odd poll times,
and a quiet start."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.core.join_form import JOIN
from tests.slack.conftest import AMIRA, FATIMA, SAM, Harness
from tests.slack.coordinator_steps import show_privately
from tests.slack.question_steps import settle
from tests.slack.test_commands_e2e import reply_to
from tests.slack.test_polls_e2e import filled, start_poll, texts_to
from tests.slack.test_recruitment_e2e import GINA, HARRY, join, post_sign_up

# The tests send the outbox themselves, so each message is there when they look.
pytestmark = pytest.mark.manual_outbox

WAITING = (
    "You are on Islington Council's waitlist: number 1. Your course starts when a seat "
    "comes free, and I will tell you at once."
)


async def test_the_bot_starts_without_a_warning_about_its_token(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    # The harness exports SLACK_BOT_TOKEN, as a deployment does, and builds the bot.
    warned = [r.getMessage() for r in caplog.get_records("setup") if r.levelno >= logging.WARNING]
    assert not [w for w in warned if "token" in w], warned
    assert harness.bot.bolt is not None
    assert harness.bot.bolt.client.base_url == harness.api.url  # it still talks to our Slack


async def test_cohort_help_shows_coordinators_commands_to_coordinators_only(
    harness: Harness,
) -> None:
    h = harness
    for text in ("", "help"):
        coordinator = await reply_to(h, "/cohort", text, SAM)
        assert coordinator["text"].startswith("Commands for coordinators.\n/cohort status:")
        leader = await reply_to(h, "/cohort", text, AMIRA)
        assert leader["text"] == (
            "/cohort is for the cohort's coordinators. Here is what you can use:\n"
            "/checkin 3: record module 3 as done (/checkin help for more)\n"
            "/progress: your progress and this week's plan (/progress help for more)\n"
            "/ask your question: ask the moderators (/ask help for more)"
        )
        moderator = await reply_to(h, "/cohort", text, FATIMA)  # in the moderators' channel
        assert moderator["text"].startswith(leader["text"])
        assert moderator["text"].endswith("Claim, Mark answered and Publish to cohort buttons")


async def test_someone_on_the_waitlist_who_checks_in_is_told_their_place(
    harness: Harness,
) -> None:
    h = harness
    for user, name in [(GINA, "Gina Lopez"), (HARRY, "Harry Osei")]:
        h.api.add_user(user, name)
    h.api.add_channel("C0RECRUIT1", "recruiting")
    post = await post_sign_up(h)
    await join(h, GINA, post)  # Islington's one seat
    await join(h, HARRY, post)

    for text in ("3", "undo 3"):
        reply = await reply_to(h, "/checkin", text, HARRY)
        assert reply["text"] == WAITING, text
    assert (await reply_to(h, "/progress", "pause 2 weeks", HARRY))["text"] == WAITING


async def test_someone_not_enrolled_gets_the_join_button_and_it_opens_the_form(
    harness: Harness,
) -> None:
    h = harness
    h.api.add_user(GINA, "Gina Lopez")
    reply = await reply_to(h, "/checkin", "3", GINA)
    assert reply["text"] == (
        "You are not enrolled in a cohort yet. Press Join the cohort to sign up for Test cohort."
    )
    before = len(h.api.calls_to("views.open"))
    await click_in_reply(h, GINA, reply, JOIN)
    await h.api.wait_for("views.open", count=before + 1)
    view = h.slack.ws.open_modal(GINA)
    assert view is not None and view["callback_id"] == "join_form"


async def click_in_reply(h: Harness, user: str, reply: dict[str, Any], action: str) -> None:
    """Click a button of a private reply, as Slack shows it to that person."""
    ts = show_privately(h, user, reply)
    response = await h.slack.click(user, action, channel_id="D" + user, message_ts=ts)
    assert response.status == 200


async def test_resume_when_not_paused_says_so(harness: Harness) -> None:
    h = harness
    reply = await reply_to(h, "/progress", "resume", AMIRA)
    assert reply["text"] == (
        "You are not paused, so there is nothing to resume. Your weekly message comes as usual."
    )


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("pause 2 weeks", "Paused. I will send you nothing until Wednesday 27 January 2027."),
        ("pause 1w2d", "Paused. I will send you nothing until Friday 22 January 2027."),
        ("pace 3 weeks", "Your pace is now 3 weeks. Your plan follows it from now on."),
    ],
)
async def test_lengths_are_understood_as_people_write_them(
    harness: Harness, text: str, answer: str
) -> None:
    reply = await reply_to(harness, "/progress", text, AMIRA)
    assert reply["text"].startswith(answer)


async def test_a_poll_with_a_weekend_or_early_slot_starts_with_a_warning(
    harness: Harness,
) -> None:
    h = harness
    odd = filled(slot1_date="2027-01-23", slot1_time="10:00", slot2_time="07:00")
    await start_poll(h, odd)
    await settle(h)
    [started] = texts_to(h, SAM, "Your poll")
    assert started.endswith(
        "Check these times, outside working hours (Monday to Friday, 08:00 to 18:00): "
        "Wednesday 20 January 2027 at 07:00 (before 08:00); "
        "Saturday 23 January 2027 at 10:00 (a Saturday). "
        "Leaders may not be free then. If a time is wrong, close this poll and start another."
    )
    h.api.assert_no_problems()
