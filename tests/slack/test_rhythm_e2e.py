"""The rhythm's other messages in Slack: the Thursday reminder, well done, and nudge-now."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.fakes.calls import Call
from tests.slack.conftest import AMIRA, BEN, LONDON, SAM, Harness
from tests.slack.test_commands_e2e import reply_to

# The tests run the rhythm and send the outbox themselves, at known moments.
pytestmark = pytest.mark.manual_outbox

COURSE = "Data Master Class for Senior Leaders (sample)"
WELCOME = "Welcome to Test cohort."
FIRST_MODULE = "1. Data and better decisions (15 minutes)"


def at(day: str, hour: int, minute: int = 0) -> datetime:
    """A London wall-clock time; week 2 of the test cohort is 18 to 24 January 2027."""
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=LONDON)


async def run_at(h: Harness, moment: datetime) -> None:
    """Move the clock to `moment`, run the rhythm as the scheduler would, and send the outbox."""
    h.clock.set(moment)
    await h.bot.core.services.rhythm.run_due()
    await h.bot.core.services.outbox.dispatch_due()


async def welcomed(h: Harness) -> None:
    """Send the welcome messages queued when the cohort was set up, before the test begins."""
    await h.bot.core.services.outbox.dispatch_due()
    welcomes = [c.args["channel"] for c in h.api.calls_to("chat.postMessage")]
    assert sorted(welcomes) == [AMIRA, BEN]


def posts_to(h: Harness, user: str) -> list[Call]:
    """Every message but the welcome the bot posted into its direct messages with `user`."""
    posts = [
        c
        for c in h.api.calls_to("chat.postMessage")
        if c.args["channel"] == user and not c.args["text"].startswith(WELCOME)
    ]
    assert all(c.ok and c.response["channel"] == "D" + user for c in posts)
    return posts


def texts_to(h: Harness, user: str) -> list[str]:
    return [c.args["text"] for c in posts_to(h, user)]


def reminders(h: Harness) -> list[tuple[str, str]]:
    """(recipient, text) of each behind reminder posted, in order."""
    return [
        (c.args["channel"], c.args["text"])
        for c in h.api.calls_to("chat.postMessage")
        if "behind your plan" in c.args["text"]
    ]


def weekly_nudges_to(h: Harness, user: str) -> list[int]:
    """The week number of each weekly message posted to `user`."""
    return [
        int(text.split("This is week ")[1].split()[0])
        for text in texts_to(h, user)
        if "This is week " in text
    ]


async def test_only_a_leader_behind_gets_one_thursday_reminder(harness: Harness) -> None:
    h = harness
    await welcomed(h)
    await reply_to(h, "/checkin", "1-5", AMIRA)  # all of Amira's first week: on track
    await run_at(h, at("2027-01-18", 9))  # Monday of week 2: the weekly messages
    assert weekly_nudges_to(h, AMIRA) == [2] and weekly_nudges_to(h, BEN) == [2]
    await run_at(h, at("2027-01-21", 11, 59))
    assert reminders(h) == []  # not before Thursday 12:00

    await run_at(h, at("2027-01-21", 12))
    expected = f"Hello Ben. You are 11 modules behind your plan. Next up: {FIRST_MODULE}."
    assert reminders(h) == [(BEN, expected)]
    [reminder] = [c for c in posts_to(h, BEN) if c.args["text"] == expected]
    shown = str(reminder.args["blocks"])
    assert "Show me a catch-up plan" in shown
    assert "Turn these reminders off with /progress reminders off." in shown

    await run_at(h, at("2027-01-21", 12, 1))  # the live scheduler runs every minute
    await run_at(h, at("2027-01-21", 16))
    assert reminders(h) == [(BEN, expected)]  # never a second one that week

    # The reminder's button works as shown.
    message = reminder.response["message"]
    await h.slack.click(BEN, "nudge_catch_up", channel_id="D" + BEN, message_ts=message["ts"])
    reply = (await h.api.wait_for("response_url", count=2))[-1]
    assert reply.args["text"].startswith(
        "Here is a catch-up plan for the 32 modules you have left."
    )
    h.api.assert_no_problems()


async def test_a_leader_who_turned_reminders_off_gets_none_but_keeps_the_weekly_message(
    harness: Harness,
) -> None:
    h = harness
    await welcomed(h)
    reply = await reply_to(h, "/progress", "reminders off", BEN)
    assert reply["text"] == (
        "I will not remind you when you fall behind. Your weekly message stays."
    )
    await run_at(h, at("2027-01-18", 9))
    await run_at(h, at("2027-01-21", 12))
    await run_at(h, at("2027-01-21", 16))
    # Amira, who has done nothing either, is reminded; Ben, 11 modules behind, is not.
    assert reminders(h) == [
        (AMIRA, f"Hello Amira. You are 5 modules behind your plan. Next up: {FIRST_MODULE}.")
    ]
    assert weekly_nudges_to(h, BEN) == [2]
    assert len(texts_to(h, BEN)) == 1
    h.api.assert_no_problems()


async def test_a_leader_who_finishes_gets_well_done_instead_of_the_nudge_and_then_nothing(
    harness: Harness,
) -> None:
    h = harness
    await welcomed(h)
    modules = len(h.bot.core.services.curriculum.modules)
    h.clock.set(at("2027-01-18", 8, 30))  # Monday of week 2, before the weekly messages
    reply = await reply_to(h, "/checkin", f"1-{modules}", BEN)
    assert f"You have done {modules} of {modules} modules" in reply["text"]
    await run_at(h, at("2027-01-18", 8, 59))
    # The check-in's own reflection question, and no well done before the nudge time.
    [reflection] = texts_to(h, BEN)
    assert reflection.startswith("You have finished the modules for week 3 of your plan.")

    await run_at(h, at("2027-01-18", 9))
    well_done = (
        f"Well done, Ben. You have finished {COURSE}. "
        "I will not send you any more weekly reminders."
    )
    assert texts_to(h, BEN) == [reflection, well_done]
    assert "You have finished the course" in str(posts_to(h, BEN)[-1].args["blocks"])
    assert weekly_nudges_to(h, AMIRA) == [2]  # the others still get their weekly message

    for moment in (
        at("2027-01-21", 12),
        at("2027-01-25", 9),
        at("2027-01-28", 12),
        at("2027-02-01", 9),
    ):
        await run_at(h, moment)
    assert texts_to(h, BEN) == [reflection, well_done]
    assert weekly_nudges_to(h, AMIRA) == [2, 3, 4]
    h.api.assert_no_problems()


async def test_nudge_now_sends_this_weeks_message_once_to_leaders_who_have_not_had_it(
    harness: Harness,
) -> None:
    h = harness
    await welcomed(h)
    reply = await reply_to(h, "/progress", "remind friday 09:00", AMIRA)
    assert reply["text"] == "I will send your weekly message on Friday at 09:00."
    await run_at(h, at("2027-01-18", 9))  # Monday of week 2: Ben's message, not Amira's
    assert weekly_nudges_to(h, BEN) == [2] and texts_to(h, AMIRA) == []

    h.clock.set(at("2027-01-18", 11))
    reply = await reply_to(h, "/cohort", "nudge-now", SAM)
    assert reply["text"] == "Sent this week's message to 1 leader."
    await h.bot.core.services.outbox.dispatch_due()
    [nudge] = posts_to(h, AMIRA)
    assert nudge.args["text"].startswith("Hello Amira. This is week 2 of your 6:")
    assert "Week 2: your modules" in str(nudge.args["blocks"])
    assert weekly_nudges_to(h, BEN) == [2]
    assert texts_to(h, SAM) == []  # the coordinator's answer is private, not a message

    again = await reply_to(h, "/cohort", "nudge-now", SAM)
    assert again["text"] == "Sent this week's message to 0 leaders."
    await h.bot.core.services.outbox.dispatch_due()
    await run_at(h, at("2027-01-22", 9))  # Amira's own time comes: she has had it
    assert weekly_nudges_to(h, AMIRA) == [2] and weekly_nudges_to(h, BEN) == [2]
    posts = h.api.calls_to("chat.postMessage")
    assert len([c for c in posts if c.args["channel"] == "C0COHORT01"]) == 1  # Monday's only
    h.api.assert_no_problems()


async def test_a_leader_is_refused_nudge_now_politely_and_nobody_is_sent_anything(
    harness: Harness,
) -> None:
    h = harness
    await welcomed(h)
    reply = await reply_to(h, "/cohort", "nudge-now", AMIRA)
    assert reply["text"] == (
        "/cohort is for the cohort's coordinators. If you need it, ask a coordinator. "
        "Your own progress is at /progress."
    )
    await h.bot.core.services.outbox.dispatch_due()
    assert texts_to(h, AMIRA) == [] and texts_to(h, BEN) == []
    # The refusal queued nothing: the coordinator's nudge-now still finds both leaders.
    reply = await reply_to(h, "/cohort", "nudge-now", SAM)
    assert reply["text"] == "Sent this week's message to 2 leaders."
    h.api.assert_no_problems()


async def test_a_leader_who_finishes_midweek_gets_well_done_at_once_and_only_once(
    harness: Harness,
) -> None:
    h = harness
    await welcomed(h)
    await run_at(h, at("2027-01-18", 9))
    assert weekly_nudges_to(h, BEN) == [2]
    h.clock.set(at("2027-01-19", 10))  # Tuesday of week 2
    modules = len(h.bot.core.services.curriculum.modules)
    await reply_to(h, "/checkin", f"1-{modules}", BEN)
    await run_at(h, at("2027-01-19", 10, 1))  # the live scheduler runs every minute
    well_done = (
        f"Well done, Ben. You have finished {COURSE}. "
        "I will not send you any more weekly reminders."
    )
    assert texts_to(h, BEN)[-1] == well_done
    await run_at(h, at("2027-01-25", 9))  # Monday of week 3: Ben's next nudge time
    assert texts_to(h, BEN).count(well_done) == 1
    h.api.assert_no_problems()
