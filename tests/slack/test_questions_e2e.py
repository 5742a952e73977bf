"""Questions through signed requests and the fake Slack: each arrow of the relay."""

from __future__ import annotations

import pytest

from bot.core.replies.questions import CLAIM, MARK_ANSWERED, RESOLVE
from tests.fakes import events
from tests.slack.conftest import AMIRA, BEN, FATIMA, MODERATORS, Harness
from tests.slack.question_steps import (
    ask,
    asked,
    cards_in,
    press,
    publish_with_consent,
    replies_in,
    roots_for,
    settle,
    updates,
)

pytestmark = pytest.mark.manual_outbox

QUESTION = "How do I choose a measure for a new service?"


async def test_a_question_reaches_the_moderators_and_starts_the_askers_thread(
    harness: Harness,
) -> None:
    h = harness
    reply = await ask(h, AMIRA, QUESTION)
    assert reply["text"] == (
        "Thank you. Your question is Q-1. I have started a thread about it in your messages "
        "with me."
    )
    await settle(h)
    [card], [root] = cards_in(h), roots_for(h, AMIRA)
    assert card["text"].startswith("Question Q-1 from Amira Khan, Camden Council (Open)")
    for shown in (QUESTION, "Claim", "Mark answered", "Publish to cohort", "Not given"):
        assert shown in str(card["blocks"])
    assert root["text"] == (
        "Your question Q-1 is with the moderators. Their answers will appear in this thread."
    )
    h.api.assert_no_problems()


async def test_a_moderators_reply_reaches_the_askers_thread_with_their_name(
    harness: Harness,
) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    answer = await h.slack.channel_message(
        FATIMA, MODERATORS, "Start from the decision it informs.", thread_ts=card["ts"]
    )
    assert answer.status == 200
    [relayed] = await replies_in(h, "D" + AMIRA, root["ts"])
    assert relayed["text"] == "Fatima Ali (moderator) replied: Start from the decision it informs."
    assert "That answers it" in str(relayed["blocks"])
    h.api.assert_no_problems()


async def test_the_askers_follow_up_reaches_the_moderators_thread(harness: Harness) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    await h.slack.direct_message(AMIRA, "And if there is no data yet?", thread_ts=root["ts"])
    [relayed] = await replies_in(h, MODERATORS, card["ts"])
    assert relayed["text"] == "Amira Khan wrote: And if there is no data yet?"
    h.api.assert_no_problems()


async def test_edits_are_carried_as_edits_both_ways(harness: Harness) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    reply = await h.slack.channel_message(FATIMA, MODERATORS, "Strat here.", thread_ts=card["ts"])
    [relayed] = await replies_in(h, "D" + AMIRA, root["ts"])
    await h.slack.edit_message(FATIMA, MODERATORS, reply.ts, "Start here.")
    [_answered_card, edit] = await updates(h)
    assert (edit.args["channel"], edit.args["ts"]) == ("D" + AMIRA, relayed["ts"])
    assert edit.args["text"] == "Fatima Ali (moderator) replied (edited): Start here."
    follow_up = await h.slack.direct_message(AMIRA, "Thank yuo.", thread_ts=root["ts"])
    [copy] = await replies_in(h, MODERATORS, card["ts"])
    await h.slack.edit_message(AMIRA, "D" + AMIRA, follow_up.ts, "Thank you.")
    edit = (await updates(h))[-1]
    assert (edit.args["channel"], edit.args["ts"]) == (MODERATORS, copy["ts"])
    assert edit.args["text"] == "Amira Khan wrote (edited): Thank you."
    h.api.assert_no_problems()


async def test_internal_notes_and_the_bots_own_messages_are_not_relayed(
    harness: Harness,
) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    await h.slack.channel_message(FATIMA, MODERATORS, "(internal) Ask Sam?", thread_ts=card["ts"])
    await h.slack.bot_message_echo(MODERATORS, card["ts"])
    await h.slack.bot_message_echo("D" + AMIRA, root["ts"])
    assert await replies_in(h, "D" + AMIRA, root["ts"]) == []
    assert await replies_in(h, MODERATORS, card["ts"]) == []
    h.api.assert_no_problems()


async def test_moderator_buttons_update_the_card_in_place(harness: Harness) -> None:
    h = harness
    card, _ = await asked(h, AMIRA, QUESTION)
    answer = await press(h, FATIMA, CLAIM, card)
    assert answer["text"] == "You have claimed Q-1. Reply in its thread to answer."
    [update] = await updates(h)
    assert update.args["ts"] == card["ts"]
    assert "(Claimed by Fatima Ali)" in update.args["text"]
    answer = await press(h, FATIMA, MARK_ANSWERED, card)
    assert answer["text"].startswith("Q-1 is marked answered.")
    assert "(Answered)" in (await updates(h))[-1].args["text"]
    h.api.assert_no_problems()


async def test_a_leader_cannot_moderate(harness: Harness) -> None:
    h = harness
    card, _ = await asked(h, AMIRA, QUESTION)
    answer = await press(h, BEN, CLAIM, card)
    assert answer["text"] == "Only the cohort's moderators can do that."
    assert await updates(h) == []


async def test_the_asker_resolves_and_writing_again_reopens(harness: Harness) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    await h.slack.channel_message(FATIMA, MODERATORS, "Start from the decision.", card["ts"])
    [relayed] = await replies_in(h, "D" + AMIRA, root["ts"])
    answer = await press(h, AMIRA, RESOLVE, relayed)
    assert answer["text"] == "Thank you. Q-1 is resolved. Write here again if you need more."
    assert "(Resolved)" in (await updates(h))[-1].args["text"]
    notes = await replies_in(h, MODERATORS, card["ts"])
    assert notes[-1]["text"] == "The asker says Q-1 is answered. It is now resolved."
    await h.slack.direct_message(AMIRA, "Sorry, one more thing.", thread_ts=root["ts"])
    assert "(Open)" in (await updates(h))[-1].args["text"]
    h.api.assert_no_problems()


async def test_publishing_needs_the_askers_consent_and_leaves_out_their_name(
    harness: Harness,
) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    await h.slack.channel_message(FATIMA, MODERATORS, "Start from the decision.", card["ts"])
    await settle(h)
    consent = await publish_with_consent(h, FATIMA, AMIRA, card, root)
    assert "without your name" in consent["text"]
    [post] = [m for m in h.slack.ws.messages_in("C0COHORT01") if "question" in m["text"]]
    assert "Start from the decision." in str(post["blocks"])
    assert "Amira" not in str(post)
    assert "published" in (await updates(h))[-1].args["text"]
    h.api.assert_no_problems()


async def test_a_reply_also_sent_to_the_channel_or_with_a_file_is_still_carried(
    harness: Harness,
) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    broadcast = events.channel_message(
        h.slack.ws, FATIMA, MODERATORS, "Start from the decision.", card["ts"]
    )
    await h.slack.event({**broadcast, "subtype": "thread_broadcast"})
    with_file = events.message_im(h.slack.ws, AMIRA, "Here is our dashboard.", root["ts"])
    await h.slack.event({**with_file, "subtype": "file_share", "files": [{"id": "F0FILE0001"}]})
    [relayed] = await replies_in(h, "D" + AMIRA, root["ts"])
    assert relayed["text"] == "Fatima Ali (moderator) replied: Start from the decision."
    [carried] = await replies_in(h, MODERATORS, card["ts"])
    assert carried["text"] == (
        "Amira Khan wrote: Here is our dashboard. "
        "(A file was attached in Slack. Files are not passed on.)"
    )
    h.api.assert_no_problems()
