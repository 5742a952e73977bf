"""How leaders ask: the /ask modal, the "Ask a question" buttons, direct messages as drafts,
mentions, /ask's other forms and search, through signed requests and the fake Slack."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy

from bot.core.questions import QuestionStatus
from bot.core.replies.questions import (
    ANONYMOUS,
    ASK,
    DROP_DRAFT,
    MAY_PUBLISH,
    MODULE,
    OPTIONS,
    SEND_DRAFT,
    SEND_DRAFT_ANONYMOUSLY,
    TEXT,
)
from tests.fakes import events
from tests.slack.conftest import AMIRA, BEN, FATIMA, MODERATORS, Harness, listeners_finished
from tests.slack.question_steps import (
    ask,
    asked,
    bot_posts,
    cards_in,
    draft_offers,
    open_question_form,
    press,
    publish_with_consent,
    roots_for,
    settle,
    stored_question,
)
from tests.slack.test_nudges_e2e import nudged

pytestmark = pytest.mark.manual_outbox

QUESTION = "How do I choose a measure for a new service?"
MODULE_6 = "choosing-measures-that-matter"
COHORT = "C0COHORT01"
RECEIVED = (
    "Thank you. Your question is Q-1. I have started a thread about it in your messages with me."
)
ROOT = "Your question Q-1 is with the moderators. Their answers will appear in this thread."
ANONYMOUSLY = "You asked anonymously: moderators do not see your name."
OFFER = "Shall I send this to the moderators as a question?"
NOT_ENROLLED = (
    "You are not enrolled in a cohort yet. Press Join the cohort to sign up for Test cohort."
)
HELLO = (
    "Hello. I keep track of your course. "
    "Record a module with /checkin 3 and see your progress with /progress."
)


def inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The modal's input blocks by block_id."""
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def labels(options: list[dict[str, Any]]) -> list[str]:
    return [o["text"]["text"] for o in options]


def assert_is_the_question_form(h: Harness, view: dict[str, Any]) -> None:
    """The question modal: a long text, the curriculum's modules, and the two options."""
    assert view["callback_id"] == "question_form"
    assert view["title"]["text"] == "Ask a question"
    assert view["submit"]["text"] == "Send"
    assert "The moderators will answer in a private thread with you." in str(view["blocks"])
    fields = inputs(view)
    assert list(fields) == [TEXT, MODULE, OPTIONS]
    question = fields[TEXT]
    assert question["label"]["text"] == "Your question"
    assert not question.get("optional", False)
    assert question["element"]["type"] == "plain_text_input"
    assert question["element"]["multiline"] is True
    assert question["element"]["max_length"] == 3000
    module = fields[MODULE]
    assert module["label"]["text"] == "Which module is it about?"
    assert module["optional"] is True
    assert module["element"]["type"] == "static_select"
    modules = h.bot.core.services.ctx.curriculum.modules
    options = module["element"]["options"]
    assert [o["value"] for o in options] == [m.id for m in modules]
    assert len(options) == 32
    assert labels(options)[0] == "1. Data and better decisions"
    assert labels(options)[5] == "6. Choosing measures that matter"
    assert all(label.startswith(f"{n}. ") for n, label in enumerate(labels(options), 1))
    choices = fields[OPTIONS]["element"]
    assert fields[OPTIONS]["optional"] is True
    assert choices["type"] == "checkboxes"
    assert [o["value"] for o in choices["options"]] == [ANONYMOUS, MAY_PUBLISH]
    assert labels(choices["options"]) == [
        "Ask anonymously: moderators will not see your name",
        "The answer may be shared with the cohort without my name",
    ]
    assert "initial_options" not in choices  # nothing is agreed for the asker


def posted_to(h: Harness, recipient: str) -> list[dict[str, Any]]:
    """The chat.postMessage arguments the bot sent to a channel or user id, oldest first."""
    return [c.args for c in h.api.calls_to("chat.postMessage") if c.args["channel"] == recipient]


# The modal


async def test_ask_alone_opens_the_question_modal_and_sending_it_asks_anonymously(
    harness: Harness,
) -> None:
    h = harness
    view = await open_question_form(h, AMIRA)
    assert_is_the_question_form(h, view)
    assert h.api.calls_to("response_url") == []  # the modal is the whole answer
    answer = await h.slack.submit(
        AMIRA, {TEXT: QUESTION, MODULE: MODULE_6, OPTIONS: [ANONYMOUS, MAY_PUBLISH]}
    )
    assert answer.status == 200 and not answer.body  # an empty answer closes the modal
    assert h.slack.ws.open_modal(AMIRA) is None
    await settle(h)
    [card] = cards_in(h)
    assert card["text"] == f"Question Q-1 from A leader (anonymous) (Open): {QUESTION}"
    blocks = str(card["blocks"])
    for shown in (QUESTION, "A leader (anonymous)", "6. Choosing measures that matter"):
        assert shown in blocks
    assert "Amira" not in str(card) and "Camden" not in str(card)
    [to_moderators] = posted_to(h, MODERATORS)
    assert "thread_ts" not in to_moderators
    [root] = roots_for(h, AMIRA)
    assert root["text"] == ROOT
    assert "thread_ts" not in root
    assert ANONYMOUSLY in str(root["blocks"])
    assert f"You asked: {QUESTION}" in str(root["blocks"])
    [to_amira] = [a for a in posted_to(h, AMIRA) if a["text"] == ROOT]
    assert "thread_ts" not in to_amira
    question = await stored_question(h, 1)
    assert question is not None
    assert (question.text, question.module_id) == (QUESTION, MODULE_6)
    assert question.anonymous and question.may_publish
    assert question.status is QuestionStatus.OPEN
    h.api.assert_no_problems()


async def test_a_modal_with_only_spaces_shows_an_error_on_the_question_and_stores_nothing(
    harness: Harness,
) -> None:
    h = harness
    await open_question_form(h, AMIRA)
    answer = await h.slack.submit(AMIRA, {TEXT: "   \n  ", OPTIONS: [ANONYMOUS]})
    assert answer.status == 200
    assert answer.json == {
        "response_action": "errors",
        "errors": {TEXT: "Your question is empty. Write what you would like to ask."},
    }
    assert h.slack.ws.open_modal(AMIRA) is not None  # still open, to put right
    await settle(h)
    assert await stored_question(h, 1) is None
    assert cards_in(h) == [] and roots_for(h, AMIRA) == []
    assert bot_posts(h, MODERATORS) == []
    h.api.assert_no_problems()


async def test_the_weekly_messages_ask_button_opens_the_same_modal(harness: Harness) -> None:
    h = harness
    await open_question_form(h, BEN)
    from_command = h.api.calls_to("views.open")[-1].args["view"]
    nudge = await nudged(h)
    assert "Ask a question" in str(nudge["blocks"])
    response = await h.slack.click(AMIRA, ASK, channel_id=nudge["channel"], message_ts=nudge["ts"])
    assert response.status == 200
    [_, opened] = await h.api.wait_for("views.open", count=2)
    assert opened.response["ok"] is True
    assert opened.args["view"] == from_command
    view = h.slack.ws.open_modal(AMIRA)
    assert view is not None
    assert_is_the_question_form(h, view)
    await settle(h)
    assert h.api.calls_to("response_url") == []  # no private answer besides the modal
    await h.slack.submit(AMIRA, {TEXT: QUESTION})
    await settle(h)
    [card] = cards_in(h)
    assert card["text"] == f"Question Q-1 from Amira Khan, Camden Council (Open): {QUESTION}"
    assert "Not given" in str(card["blocks"])  # no module chosen
    h.api.assert_no_problems()


# Direct messages


async def test_a_direct_message_is_offered_as_a_draft_and_sent_anonymously(
    harness: Harness,
) -> None:
    h = harness
    written = await h.slack.direct_message(AMIRA, QUESTION)
    assert written.status == 200
    await settle(h)
    [offer] = draft_offers(h, AMIRA)
    assert "thread_ts" not in offer  # in the direct messages, not under what she wrote
    blocks = str(offer["blocks"])
    for shown in (
        QUESTION,
        "Send",
        "Send anonymously",
        "No, thanks",
        "Not a question? Record a module with /checkin 3, or see your progress with /progress.",
    ):
        assert shown in blocks
    draft = await stored_question(h, 1)
    assert draft is not None and draft.status is QuestionStatus.DRAFT
    assert cards_in(h) == []  # nothing reaches the moderators before she says so
    answer = await press(h, AMIRA, SEND_DRAFT_ANONYMOUSLY, offer)
    assert answer["text"] == RECEIVED
    assert answer["response_type"] == "ephemeral"
    [card] = cards_in(h)
    assert card["text"] == f"Question Q-1 from A leader (anonymous) (Open): {QUESTION}"
    assert "Amira" not in str(card)
    [root] = roots_for(h, AMIRA)
    assert root["text"] == ROOT and ANONYMOUSLY in str(root["blocks"])
    sent = await stored_question(h, 1)
    assert sent is not None and sent.status is QuestionStatus.OPEN
    assert sent.anonymous and not sent.may_publish
    h.api.assert_no_problems()


async def test_no_thanks_deletes_the_draft_and_tells_the_moderators_nothing(
    harness: Harness,
) -> None:
    h = harness
    await h.slack.direct_message(AMIRA, "Just thinking aloud about measures.")
    await settle(h)
    [offer] = draft_offers(h, AMIRA)
    assert await stored_question(h, 1) is not None
    answer = await press(h, AMIRA, DROP_DRAFT, offer)
    assert answer["text"] == "All right, I have not sent it. Ask any time with /ask."
    assert await stored_question(h, 1) is None
    assert cards_in(h) == [] and roots_for(h, AMIRA) == []
    assert bot_posts(h, MODERATORS) == []
    again = await press(h, AMIRA, SEND_DRAFT, offer)  # the buttons are still there
    assert again["text"] == "That question no longer exists. Ask a new one with /ask."
    assert cards_in(h) == []
    h.api.assert_no_problems()


async def test_pressing_send_twice_sends_once(harness: Harness) -> None:
    h = harness
    await h.slack.direct_message(AMIRA, QUESTION)
    await settle(h)
    [offer] = draft_offers(h, AMIRA)
    first = await press(h, AMIRA, SEND_DRAFT, offer)
    assert first["text"] == RECEIVED
    second = await press(h, AMIRA, SEND_DRAFT, offer)
    assert second["text"] == "You have sent this already, as Q-1."
    [card] = cards_in(h)
    assert card["text"] == f"Question Q-1 from Amira Khan, Camden Council (Open): {QUESTION}"
    [root] = roots_for(h, AMIRA)
    assert ANONYMOUSLY not in str(root["blocks"])
    assert len(posted_to(h, MODERATORS)) == 1
    assert await stored_question(h, 2) is None
    h.api.assert_no_problems()


async def test_no_thanks_after_send_does_not_claim_the_question_was_not_sent(
    harness: Harness,
) -> None:
    h = harness
    await h.slack.direct_message(AMIRA, QUESTION)
    await settle(h)
    [offer] = draft_offers(h, AMIRA)
    await press(h, AMIRA, SEND_DRAFT, offer)
    answer = await press(h, AMIRA, DROP_DRAFT, offer)
    sent = await stored_question(h, 1)
    assert sent is not None and sent.status is QuestionStatus.OPEN  # it was sent, and stays
    assert len(cards_in(h)) == 1
    assert "have not sent" not in answer["text"]
    assert "Q-1" in answer["text"]
    h.api.assert_no_problems()


async def test_an_old_draft_offer_never_sends_a_newer_message(harness: Harness) -> None:
    h = harness
    await h.slack.direct_message(AMIRA, "First thought, not for sending.")
    await settle(h)
    [old] = draft_offers(h, AMIRA)
    await press(h, AMIRA, DROP_DRAFT, old)
    await h.slack.direct_message(AMIRA, QUESTION)
    await settle(h)
    [_, new] = draft_offers(h, AMIRA)
    assert QUESTION in str(new["blocks"])
    answer = await press(h, AMIRA, SEND_DRAFT, old)
    assert answer["text"] == "That question no longer exists. Ask a new one with /ask."
    assert cards_in(h) == [] and roots_for(h, AMIRA) == []  # the newer draft waits
    h.api.assert_no_problems()


async def test_a_direct_message_from_someone_not_enrolled_points_to_the_commands(
    harness: Harness,
) -> None:
    h = harness
    await h.slack.direct_message(FATIMA, "Hi, can I ask something?")
    await settle(h)
    [reply] = bot_posts(h, "D" + FATIMA)
    assert reply["text"] == HELLO
    assert reply["text"].startswith("Hello. I keep track of your course.")
    assert "thread_ts" not in reply
    assert "Type /checkin help for more." in str(reply["blocks"])
    assert draft_offers(h, FATIMA) == []
    assert "Send anonymously" not in str(reply["blocks"])
    assert await stored_question(h, 1) is None
    [to_fatima] = posted_to(h, FATIMA)
    assert to_fatima["text"] == HELLO
    h.api.assert_no_problems()


async def test_a_retried_direct_message_gets_one_draft_offer(harness: Harness) -> None:
    h = harness
    event = events.message_im(h.slack.ws, AMIRA, QUESTION)
    first = await h.slack.event(event, event_id="Ev0RETRIED1")
    again = await h.slack.event(
        event, event_id="Ev0RETRIED1", retry_num=1, retry_reason="http_timeout"
    )
    assert (first.status, again.status) == (200, 200)
    await settle(h)
    [offer] = draft_offers(h, AMIRA)
    assert QUESTION in str(offer["blocks"])
    assert await stored_question(h, 1) is not None
    assert await stored_question(h, 2) is None
    assert cards_in(h) == []
    h.api.assert_no_problems()


async def test_a_direct_message_whose_handling_failed_is_handled_on_slacks_retry(
    harness: Harness,
) -> None:
    """The event is recorded with its effect: a failure after recording it undoes both."""
    h = harness
    failed: list[str] = []

    def fail_the_first_queued_message(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO DELIVERIES") and not failed:
            failed.append(statement)
            raise RuntimeError("the database went away")

    engine = h.bot.core.engine.sync_engine
    sqlalchemy.event.listen(engine, "before_cursor_execute", fail_the_first_queued_message)
    try:
        event = events.message_im(h.slack.ws, AMIRA, QUESTION)
        await h.slack.event(event, event_id="Ev0FAILED01")
        await listeners_finished()
        assert failed
        await h.slack.event(event, event_id="Ev0FAILED01", retry_num=1, retry_reason="http_error")
        await settle(h)
    finally:
        sqlalchemy.event.remove(engine, "before_cursor_execute", fail_the_first_queued_message)
    [offer] = draft_offers(h, AMIRA)
    assert QUESTION in str(offer["blocks"])
    # One draft kept (PostgreSQL does not give back the id the failed attempt took).
    drafts = [await stored_question(h, number) for number in (1, 2, 3)]
    assert len([q for q in drafts if q is not None]) == 1


# Mentions


async def test_a_mention_is_answered_in_its_thread_with_an_ask_button(harness: Harness) -> None:
    h = harness
    mention = await h.slack.mention(AMIRA, COHORT, "can I ask the moderators something?")
    assert mention.status == 200
    await settle(h)
    [reply] = bot_posts(h, COHORT)
    assert reply["thread_ts"] == mention.ts
    assert reply["text"] == (
        f"{HELLO} I can also pass a question to the moderators, privately or anonymously."
    )
    assert "Ask a question" in str(reply["blocks"])
    [to_cohort] = posted_to(h, COHORT)
    assert to_cohort["thread_ts"] == mention.ts
    await h.slack.click(AMIRA, ASK, channel_id=COHORT, message_ts=reply["ts"])
    await h.api.wait_for("views.open")
    view = h.slack.ws.open_modal(AMIRA)
    assert view is not None
    assert_is_the_question_form(h, view)
    await h.slack.click(FATIMA, ASK, channel_id=COHORT, message_ts=reply["ts"])
    [private] = await h.api.wait_for("response_url")
    assert private.args["text"] == NOT_ENROLLED
    assert private.args["response_type"] == "ephemeral"
    assert len(h.api.calls_to("views.open")) == 1
    await settle(h)
    h.api.assert_no_problems()


# /ask's other forms


async def test_ask_with_only_blanks_after_it_opens_the_modal(harness: Harness) -> None:
    h = harness
    view = await open_question_form(h, AMIRA, "   \u00a0 ")
    assert_is_the_question_form(h, view)
    await settle(h)
    assert h.api.calls_to("response_url") == []
    assert await stored_question(h, 1) is None
    h.api.assert_no_problems()


async def test_a_question_over_3000_characters_is_refused_privately(harness: Harness) -> None:
    h = harness
    reply = await ask(h, AMIRA, "a" * 3001)
    assert reply["text"] == (
        "Your question is 3,001 characters long. Please keep it under 3,000, "
        "or ask the first part and add the rest in its thread."
    )
    assert reply["response_type"] == "ephemeral"
    await settle(h)
    assert await stored_question(h, 1) is None
    assert cards_in(h) == [] and roots_for(h, AMIRA) == []
    reply = await ask(h, AMIRA, "a" * 3000)  # the limit itself is allowed
    assert reply["text"] == RECEIVED
    await settle(h)
    [card] = cards_in(h)
    assert ("a" * 3000) in str(card["blocks"])
    h.api.assert_no_problems()


async def test_ask_help_explains_the_command(harness: Harness) -> None:
    h = harness
    reply = await ask(h, AMIRA, "help")
    assert reply["text"] == (
        "Ask the moderators anything about the course.\n"
        "/ask your question: ask at once\n"
        "/ask on its own: a form, where you can also ask anonymously\n"
        "/ask search words: find answers shared with the cohort\n"
        "You can also write to me directly, and I will offer to send it as a question."
    )
    await settle(h)
    assert h.api.calls_to("views.open") == []
    assert await stored_question(h, 1) is None
    h.api.assert_no_problems()


async def test_search_lists_published_answers_only(harness: Harness) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    # Q-2 is answered about a decision too, but never published.
    unpublished, _ = await asked(h, BEN, "Which decision should a measure inform?")
    await h.slack.channel_message(FATIMA, MODERATORS, "Name the decision first.", unpublished["ts"])
    await h.slack.channel_message(FATIMA, MODERATORS, "Start from the decision.", card["ts"])
    await settle(h)
    await publish_with_consent(h, FATIMA, AMIRA, card, root)

    found = await ask(h, BEN, "search decision")
    assert found["text"] == "1 published answer for “decision”:"
    assert found["response_type"] == "ephemeral"
    blocks = str(found["blocks"])
    assert f"Q-1: {QUESTION}" in blocks
    assert "Start from the decision." in blocks
    assert "Q-2" not in blocks and "Name the decision first." not in blocks
    assert "Amira" not in str(found)

    nothing = await ask(h, BEN, "search nothing-like-this")
    assert nothing["text"] == ("No published answer mentions “nothing-like-this”. Try other words.")
    only_unpublished = await ask(h, AMIRA, "search inform")
    assert only_unpublished["text"] == ("No published answer mentions “inform”. Try other words.")
    await settle(h)
    assert await stored_question(h, 3) is None  # searching asks nothing
    h.api.assert_no_problems()
