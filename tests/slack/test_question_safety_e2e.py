"""Questions under pressure: anonymity, markup, long texts, Slack's errors, bad input, time.

Each test drives the real app over signed HTTP against the fake Slack Web API and sends
the outbox by hand, so a message is recorded as sent before anyone replies under it.
"""

from __future__ import annotations

import dataclasses
import html
import json
import logging
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.core.model import DeliveryStatus
from bot.core.replies.questions import CLAIM, PUBLISH, RESOLVE
from tests.fakes import events
from tests.fakes.calls import Call
from tests.slack.conftest import (
    AMIRA,
    FATIMA,
    LONDON,
    MODERATORS,
    SAM,
    Harness,
    listeners_finished,
)
from tests.slack.question_steps import (
    ask,
    asked,
    bot_posts,
    cards_in,
    open_question_form,
    press,
    pressed,
    replies_in,
    roots_for,
    settle,
    thread,
    updates,
)
from tests.slack.test_commands_e2e import reply_to

pytestmark = pytest.mark.manual_outbox

COHORT, COORDINATORS = "C0COHORT01", "C0COORDIN1"
QUESTION = "How do I choose a measure for a new service?"
UNKNOWN_THREAD = (
    "I cannot tell which question this is about. Write to me outside a thread to ask a new "
    "question, or type /ask."
)
DELETED = "That question has been deleted, so there is nothing to do."


# Helpers


def sections(blocks: list[dict[str, Any]]) -> list[str]:
    """The text of each section block, in order (fields left out)."""
    return [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]


def fields(blocks: list[dict[str, Any]]) -> list[str]:
    return [f["text"] for b in blocks if b["type"] == "section" for f in b.get("fields", [])]


def relays_in(h: Harness, channel: str, ts: str, text: str) -> list[dict[str, Any]]:
    return [m for m in thread(h, channel, ts) if m["text"] == text]


async def open_form_and_ask(h: Harness, user: str, text: str, options: list[str]) -> None:
    """`/ask` alone opens the modal; fill it in and send it."""
    await open_question_form(h, user)
    submitted = await h.slack.submit(user, {"question": text, "options": options})
    assert submitted.status == 200
    await settle(h)


async def questions_stored(h: Harness) -> int:
    async with h.bot.core.services.ctx.uow() as uow:
        cohort = await uow.cohorts.find("test-cohort")
        assert cohort is not None and cohort.id is not None
        return len(await uow.questions.for_cohort(cohort.id))


async def run_rhythm_at(h: Harness, when: datetime) -> None:
    h.clock.set(when)
    await h.bot.core.services.rhythm.run_due()
    await settle(h)


# 1. Anonymous means anonymous


def ours(record: logging.LogRecord) -> bool:
    """A line the project logs itself; the libraries' DEBUG traces of each HTTP body and SQL
    parameter carry her user id whenever the bot writes to her, as her own DMs do."""
    return record.name.split(".")[0] in ("bot", "handlers", "storage", "scheduler")


class Asker:
    """Amira's own traffic: the response_urls Slack gave her and the triggers she used."""

    def __init__(self, h: Harness, user: str) -> None:
        self.h, self.user = h, user
        self.tokens: set[str] = set()

    async def press(self, action: str, message: dict[str, Any]) -> dict[str, Any]:
        response, answer = await pressed(self.h, self.user, action, message)
        assert response.response_url is not None
        self.tokens.add(response.response_url.rsplit("/", 1)[-1])
        return answer

    def addressed_to_her(self, call: Call) -> bool:
        """A message to her DM, an answer to what she did, or a view shown to her."""
        if call.method == "response_url":
            return call.target in self.tokens
        if call.method.startswith("views."):
            trigger = call.args.get("trigger_id")
            return self.h.slack.ws.triggers.get(trigger) == self.user or (
                call.args.get("user_id") == self.user
            )
        return call.args.get("channel") in (self.user, "D" + self.user)


async def test_an_anonymous_askers_name_reaches_no_one_but_her(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = harness
    caplog.set_level(logging.DEBUG)
    amira = Asker(h, AMIRA)
    await settle(h)  # the welcome messages
    await open_form_and_ask(h, AMIRA, QUESTION, ["anonymous", "may_publish"])
    [card], [root] = cards_in(h), roots_for(h, AMIRA)
    assert card["text"].startswith("Question Q-1 from A leader (anonymous) (Open)")
    assert "moderators do not see your name" in str(root["blocks"])

    claimed = await press(h, FATIMA, CLAIM, card)
    assert claimed["text"] == "You have claimed Q-1. Reply in its thread to answer."
    await h.slack.channel_message(
        FATIMA, MODERATORS, "Start from the decision it informs.", thread_ts=card["ts"]
    )
    [answer] = await replies_in(h, "D" + AMIRA, root["ts"])
    assert answer["text"] == "Fatima Ali (moderator) replied: Start from the decision it informs."
    asked_again = await h.slack.direct_message(
        AMIRA, "And if there is no data yet?", thread_ts=root["ts"]
    )
    [follow_up] = await replies_in(h, MODERATORS, card["ts"])
    assert follow_up["text"] == "Asker wrote: And if there is no data yet?"
    await h.slack.edit_message(AMIRA, "D" + AMIRA, asked_again.ts, "And with no data at all?")
    edit = (await updates(h))[-1]
    assert (edit.args["channel"], edit.args["ts"]) == (MODERATORS, follow_up["ts"])
    assert edit.args["text"] == "Asker wrote (edited): And with no data at all?"
    resolved = await amira.press(RESOLVE, answer)
    assert resolved["text"] == "Thank you. Q-1 is resolved. Write here again if you need more."
    published = await press(h, FATIMA, PUBLISH, card)
    assert published["text"] == (
        "Q-1 is published to the cohort channel, without the asker's name."
    )
    [post] = [m for m in bot_posts(h, COHORT) if m["text"].startswith("A question from")]
    assert "Start from the decision it informs." in str(post["blocks"])
    listed = await reply_to(h, "/cohort", "questions", SAM)
    assert listed["text"].startswith("1 question so far (1 anonymous)")
    notes = [m["text"] for m in thread(h, MODERATORS, card["ts"])]
    assert notes == [
        "Asker wrote (edited): And with no data at all?",
        "The asker says Q-1 is answered. It is now resolved.",
    ]

    to_others = [c for c in h.api.calls if not amira.addressed_to_her(c)]
    assert any(c.args.get("channel") == MODERATORS for c in to_others)
    assert any(c.args.get("channel") == COHORT for c in to_others)
    for call in to_others:
        seen = str(call.args)
        for secret in (AMIRA, "Amira", "Khan"):
            assert secret not in seen, f"{call.method} names the asker: {seen[:300]}"
    for record in caplog.records:
        logged = record.getMessage()
        for name in ("Amira", "Khan"):
            assert name not in logged, f"{record.name} logs the asker: {logged[:300]}"
        if ours(record) or record.levelno >= logging.INFO:
            assert AMIRA not in logged, f"{record.name} logs the asker: {logged[:300]}"
    h.api.assert_no_problems()


# 2. Markup cannot ping or link

PINGS = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U0BEN00001>",
    "<#C0COHORT01",
    "<https://evil.example",
)
# As Slack sends them: mentions and links as <...> tokens, & < > typed as text escaped.
ASKED_WITH_MARKUP = (
    "Should I tell <!channel>, <!here> and <!everyone>? Ask <@U0BEN00001> in "
    "<#C0COHORT01|cohort> and see <https://evil.example|click me>. It is *bold* &amp; urgent."
)
REPLIED_WITH_MARKUP = (
    "No <!channel>, <!here> or <!everyone> please. <@U0BEN00001> knows: try "
    "<#C0COHORT01|cohort> or <https://evil.example|click me>. *bold* &amp; kind."
)


def shown_by_bot(h: Harness) -> list[tuple[str, str]]:
    """The text Slack reads as markup in everything the bot sent: (where, text). That is the
    top-level `text` and every mrkdwn text object; plain_text objects are shown literally,
    so a token there is only characters."""
    shown = []
    for call in h.api.calls:
        where = f"{call.method} to {call.args.get('channel', call.target)}"
        if isinstance(call.args.get("text"), str):
            shown.append((where, call.args["text"]))
        for key in ("blocks", "view"):
            shown += [(where, text) for text in mrkdwn_texts(call.args.get(key))]
    return shown


def mrkdwn_texts(node: object) -> list[str]:
    if isinstance(node, str):
        try:
            node = json.loads(node)
        except ValueError:
            return []
    if isinstance(node, list):
        return [t for item in node for t in mrkdwn_texts(item)]
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "mrkdwn" else []
        return own + [t for value in node.values() for t in mrkdwn_texts(value)]
    return []


def assert_nothing_pings_or_links(h: Harness) -> None:
    for where, what in shown_by_bot(h):
        for token in PINGS:
            assert token not in what, f"{where} shows {token}: {what[:400]}"


async def test_mentions_and_links_in_a_question_and_a_reply_are_shown_as_words(
    harness: Harness,
) -> None:
    h = harness
    card, root = await asked(h, AMIRA, ASKED_WITH_MARKUP)
    await press(h, FATIMA, CLAIM, card)
    await h.slack.channel_message(FATIMA, MODERATORS, REPLIED_WITH_MARKUP, thread_ts=card["ts"])
    [relayed] = await replies_in(h, "D" + AMIRA, root["ts"])
    await updates(h)

    assert_nothing_pings_or_links(h)
    question = sections(cards_in(h)[0]["blocks"])[0]
    assert question == (
        "Should I tell @channel, @here and @everyone? Ask @U0BEN00001 in #cohort and see "
        "click me (https://evil.example). It is *bold* & urgent."
    )
    assert sections(relayed["blocks"])[1] == (
        "No @channel, @here or @everyone please. @U0BEN00001 knows: try #cohort or "
        "click me (https://evil.example). *bold* & kind."
    )
    assert relayed["blocks"][1]["text"]["type"] == "plain_text"  # never formatted
    assert relayed["text"] == (
        "Fatima Ali (moderator) replied: No @channel, @here or @everyone please. @U0BEN00001 "
        "knows: try #cohort or click me (https://evil.example). *bold* &amp; kind."
    )
    h.api.assert_no_problems()


# Typed out, not picked from Slack's menu: Slack escapes them and they arrive as text.
TYPED_IN_THE_FORM = "What do <!channel> and <@U0BEN00001> do? See <https://evil.example|this>."
TYPED_IN_A_REPLY = "Never type &lt;!here&gt; or &lt;!everyone&gt; in a channel."


async def test_markup_typed_as_text_is_not_turned_into_a_ping(harness: Harness) -> None:
    h = harness
    await settle(h)
    await open_form_and_ask(h, AMIRA, TYPED_IN_THE_FORM, ["may_publish"])
    [card], [root] = cards_in(h), roots_for(h, AMIRA)
    await h.slack.channel_message(FATIMA, MODERATORS, TYPED_IN_A_REPLY, thread_ts=card["ts"])
    [relayed] = await replies_in(h, "D" + AMIRA, root["ts"])
    published = await press(h, FATIMA, PUBLISH, card)
    assert published["text"].startswith("Q-1 is published")
    assert "Never type <!here>" in str(relayed["blocks"])  # as plain text: shown, not parsed
    assert_nothing_pings_or_links(h)


# 3. Long texts


def long_reply() -> str:
    """7,000 characters: short lines, then one line longer than a section holds."""
    lines = [f"Step {n}: weigh the measure & the decision <in context>." for n in range(60)]
    text = "\n".join(lines) + "\n" + "R&D <ok> " * 1000
    return text[:7000]


async def test_a_7000_character_reply_reaches_the_asker_whole_within_slacks_limits(
    harness: Harness,
) -> None:
    h = harness
    reply = long_reply()
    assert len(reply) == 7000
    card, root = await asked(h, AMIRA, QUESTION)
    await h.slack.channel_message(
        FATIMA, MODERATORS, html.escape(reply, quote=False), thread_ts=card["ts"]
    )
    [relayed] = await replies_in(h, "D" + AMIRA, root["ts"])
    lead, *parts = sections(relayed["blocks"])
    assert lead == "Fatima Ali (moderator) replied:"
    assert len(parts) >= 3 and all(len(p) <= 3000 for p in parts)
    joined = html.unescape("".join(parts)).replace("\n", "")
    assert joined == reply.replace("\n", "")
    assert relayed["blocks"][-1]["type"] == "actions"  # "That answers it" is still there
    h.api.assert_no_problems()


async def test_a_question_over_3000_characters_is_refused_and_not_kept(harness: Harness) -> None:
    h = harness
    await settle(h)
    answer = await ask(h, AMIRA, "x" * 3001)
    assert answer["text"] == (
        "Your question is 3,001 characters long. Please keep it under 3,000, or ask the first "
        "part and add the rest in its thread."
    )
    await settle(h)
    assert await questions_stored(h) == 0
    assert cards_in(h) == [] and roots_for(h, AMIRA) == []
    # Exactly 3,000 characters is fine, even when Slack's escaping makes the text longer.
    at_limit = "R&D " * 750
    answer = await ask(h, AMIRA, html.escape(at_limit, quote=False))
    assert answer["text"].startswith("Thank you. Your question is Q-1.")
    await settle(h)
    [card] = cards_in(h)
    assert html.unescape("".join(sections(card["blocks"])[:2])) == at_limit.strip()
    h.api.assert_no_problems()


# 4. Slack's errors lose nothing and repeat nothing


async def send_due(h: Harness, after: timedelta = timedelta(0)) -> None:
    h.clock.advance(after)
    await h.bot.core.services.outbox.dispatch_due()


async def test_a_relay_refused_with_500_then_429_arrives_once_after_retry_after(
    harness: Harness,
) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    expected = "Fatima Ali (moderator) replied: Start from the decision it informs."
    h.api.fail_next(status=500, method="chat.postMessage")
    await h.slack.channel_message(
        FATIMA, MODERATORS, "Start from the decision it informs.", thread_ts=card["ts"]
    )
    assert await replies_in(h, "D" + AMIRA, root["ts"]) == []
    h.api.fail_next(status=429, retry_after=30, method="chat.postMessage")
    await send_due(h, timedelta(seconds=5))  # the 500's back-off is over: now a 429
    assert thread(h, "D" + AMIRA, root["ts"]) == []
    await send_due(h, timedelta(seconds=20))  # Retry-After (30 s) is not over yet
    assert thread(h, "D" + AMIRA, root["ts"]) == []
    assert len(h.api.calls_to("chat.postMessage")) - len(delivered(h)) == 2
    await send_due(h, timedelta(seconds=11))
    [relayed] = thread(h, "D" + AMIRA, root["ts"])
    assert relayed["text"] == expected
    await send_due(h, timedelta(hours=2))
    attempts = [c for c in h.api.calls_to("chat.postMessage") if c.args["text"] == expected]
    assert [c.status for c in attempts] == [500, 429, 200]
    assert len(relays_in(h, "D" + AMIRA, root["ts"], expected)) == 1
    async with h.bot.core.services.ctx.uow() as uow:
        relay = await uow.deliveries.get("relay:1")
    assert relay is not None and relay.status is DeliveryStatus.SENT and relay.attempts == 3
    h.api.assert_no_problems()


def delivered(h: Harness) -> list[Call]:
    return [c for c in h.api.calls_to("chat.postMessage") if c.ok]


async def test_slack_retrying_a_thread_reply_event_relays_it_once(harness: Harness) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    event = events.channel_message(
        h.slack.ws, FATIMA, MODERATORS, "Start from the decision.", card["ts"]
    )
    first = await h.slack.event(event, event_id="Ev0RETRIED01")
    again = await h.slack.event(
        event, event_id="Ev0RETRIED01", retry_num=1, retry_reason="http_timeout"
    )
    assert first.status == again.status == 200
    # The same message under another event id (Slack sends each event once per
    # subscription) is still carried once.
    await h.slack.event(event, event_id="Ev0ANOTHER01")
    relayed = await replies_in(h, "D" + AMIRA, root["ts"])
    assert [m["text"] for m in relayed] == [
        "Fatima Ali (moderator) replied: Start from the decision."
    ]
    await send_due(h, timedelta(hours=1))
    assert len(thread(h, "D" + AMIRA, root["ts"])) == 1
    h.api.assert_no_problems()


async def test_a_first_reply_while_slack_cannot_tell_who_wrote_it_is_not_lost(
    harness: Harness,
) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    # Fatima moderates by channel membership: her first reply makes the bot look her up.
    h.api.fail_next(status=500, method="users.info")
    event = events.channel_message(
        h.slack.ws, FATIMA, MODERATORS, "Start from the decision.", card["ts"]
    )
    await h.slack.event(event, event_id="Ev0LOOKUP001")
    await settle(h)
    assert len(h.api.calls_to("users.info")) == 1
    await h.slack.event(event, event_id="Ev0LOOKUP001", retry_num=1, retry_reason="http_error")
    await send_due(h, timedelta(hours=1))
    relayed = [m["text"] for m in thread(h, "D" + AMIRA, root["ts"])]
    assert len(relayed) == 1
    assert relayed[0].endswith("replied: Start from the decision.")


async def test_replies_under_a_card_not_posted_yet_wait_for_it_then_arrive_once(
    harness: Harness,
) -> None:
    h = harness
    await settle(h)  # the welcome messages
    await ask(h, AMIRA, QUESTION)
    # One sender at a time, in the order they were queued: the card first, then her thread.
    one_by_one = dataclasses.replace(h.bot.core.services.outbox, workers=1)
    # Refused for 5 seconds: longer than sending the rest takes on the test's clock.
    h.api.fail_next(status=429, retry_after=5, method="chat.postMessage")
    await one_by_one.dispatch_due()
    [refused] = [c for c in h.api.calls_to("chat.postMessage") if not c.ok]
    assert refused.args["channel"] == MODERATORS
    assert cards_in(h) == []
    [root] = roots_for(h, AMIRA)
    await h.slack.direct_message(AMIRA, "And if there is no data yet?", thread_ts=root["ts"])
    await listeners_finished()  # Bolt handles events side by side: keep these two in order
    await h.slack.direct_message(AMIRA, "Or only a little?", thread_ts=root["ts"])
    await settle(h)
    assert bot_posts(h, MODERATORS) == []  # the replies wait for the card
    await send_due(h, timedelta(seconds=5))
    [card] = cards_in(h)
    assert [m["text"] for m in thread(h, MODERATORS, card["ts"])] == [
        "Amira Khan wrote: And if there is no data yet?",
        "Amira Khan wrote: Or only a little?",
    ]
    await send_due(h, timedelta(hours=2))
    assert len(bot_posts(h, MODERATORS)) == 3
    assert [
        c.status for c in h.api.calls_to("chat.postMessage") if c.args["channel"] == MODERATORS
    ] == [429, 200, 200, 200]
    h.api.assert_no_problems()


# 5. Bad input


async def test_a_reply_in_the_dm_under_a_message_that_is_no_question_gets_a_pointer(
    harness: Harness,
) -> None:
    h = harness
    await settle(h)
    [welcome] = bot_posts(h, "D" + AMIRA)
    assert welcome["text"].startswith("Welcome to Test cohort.")
    await h.slack.direct_message(AMIRA, "Thanks! What now?", thread_ts=welcome["ts"])
    [answer] = await replies_in(h, "D" + AMIRA, welcome["ts"])
    assert answer["text"] == UNKNOWN_THREAD
    assert await questions_stored(h) == 0
    assert bot_posts(h, MODERATORS) == []
    h.api.assert_no_problems()


async def test_a_reply_in_the_moderators_channel_under_another_message_is_ignored(
    harness: Harness,
) -> None:
    h = harness
    await asked(h, AMIRA, QUESTION)
    chat = await h.slack.channel_message(FATIMA, MODERATORS, "Coffee at 11?")
    before = len(h.api.calls)
    await h.slack.channel_message(SAM, MODERATORS, "Yes please.", thread_ts=chat.ts)
    await settle(h)
    assert h.api.calls[before:] == []
    assert await replies_in(h, MODERATORS, chat.ts) == []
    h.api.assert_no_problems()


async def test_claiming_a_deleted_question_says_so_and_changes_nothing(harness: Harness) -> None:
    h = harness
    card, _ = await asked(h, AMIRA, QUESTION)
    async with h.bot.core.services.ctx.uow() as uow:
        await uow.questions.delete(1)
        await uow.commit()
    answer = await press(h, FATIMA, CLAIM, card)
    assert answer["text"] == DELETED
    assert await updates(h) == []
    h.api.assert_no_problems()


# 6. Nothing waits forever

THURSDAY = datetime(2027, 1, 14, 10, 0, tzinfo=LONDON)
FRIDAY_DIGEST = datetime(2027, 1, 15, 15, 0, tzinfo=LONDON)
REMINDER = "Q-1 has waited 24 hours with no reply. Can someone answer it?"


def reminders(h: Harness) -> list[Call]:
    return [
        c for c in h.api.calls_to("chat.postMessage") if c.ok and "with no reply" in c.args["text"]
    ]


async def test_an_unanswered_question_is_brought_up_once_after_a_working_day(
    harness: Harness,
) -> None:
    h = harness
    card, _ = await asked(h, AMIRA, QUESTION)
    await run_rhythm_at(h, THURSDAY - timedelta(minutes=1))
    assert reminders(h) == []
    await run_rhythm_at(h, THURSDAY)
    [reminder] = reminders(h)
    assert reminder.args["channel"] == MODERATORS
    assert reminder.args["thread_ts"] == card["ts"]
    assert reminder.args["reply_broadcast"] is True
    assert reminder.args["text"] == REMINDER
    await run_rhythm_at(h, THURSDAY + timedelta(hours=6))
    await run_rhythm_at(h, FRIDAY_DIGEST + timedelta(days=3))
    assert len(reminders(h)) == 1
    assert [m["text"] for m in thread(h, MODERATORS, card["ts"])] == [REMINDER]
    h.api.assert_no_problems()


async def test_a_question_answered_in_time_brings_no_reminder(harness: Harness) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    h.clock.set(THURSDAY - timedelta(hours=23))
    await h.slack.channel_message(FATIMA, MODERATORS, "Start from the decision.", card["ts"])
    assert len(await replies_in(h, "D" + AMIRA, root["ts"])) == 1
    await run_rhythm_at(h, THURSDAY)
    await run_rhythm_at(h, FRIDAY_DIGEST)
    assert reminders(h) == []
    assert thread(h, MODERATORS, card["ts"]) == []
    [digest] = bot_posts(h, COORDINATORS)
    assert "waiting too long" not in str(digest["blocks"])
    h.api.assert_no_problems()


async def test_coordinators_see_the_overdue_question_in_the_digest_and_on_request(
    harness: Harness,
) -> None:
    h = harness
    card, _ = await asked(h, AMIRA, QUESTION)
    await run_rhythm_at(h, FRIDAY_DIGEST)
    [digest] = bot_posts(h, COORDINATORS)
    assert digest["text"].startswith("Test cohort, week 1.")
    shown = sections(digest["blocks"])
    assert "1 question waiting too long for a moderator's reply:" in shown
    assert f"*Q-1: {QUESTION}*\nwaiting 2 days" in shown

    h.clock.set(FRIDAY_DIGEST)
    listed = await reply_to(h, "/cohort", "questions", SAM)
    assert listed["text"] == (
        "1 question so far (0 anonymous), 1 waiting for an answer. No question has had a reply "
        "yet. Published answers have saved no questions yet."
    )
    assert f"*Q-1: {QUESTION}*\nwaiting 2 days, unclaimed" in sections(listed["blocks"])
    counts = fields(listed["blocks"])
    for status, count in (("Open", 1), ("Claimed", 0), ("Answered", 0), ("Resolved", 0)):
        assert f"*{status}*\n{count}" in counts

    h.clock.set(FRIDAY_DIGEST + timedelta(minutes=30))
    await h.slack.channel_message(FATIMA, MODERATORS, "Start from the decision.", card["ts"])
    await settle(h)
    listed = await reply_to(h, "/cohort", "questions", SAM)
    assert (
        "Median time to a moderator's first reply: 2 days (over 1 question with a reply)."
        in (listed["text"])
    )
    h.api.assert_no_problems()
