"""Before a question goes, the leader sees the published answers like it: through signed
requests and the fake Slack, for /ask, the form and a direct message."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.questions import QuestionStatus
from bot.core.replies.questions import (
    ANONYMOUS,
    CLAIM,
    MAY_PUBLISH,
    PUBLISH,
    SEND_DRAFT_ANONYMOUSLY,
)
from bot.core.replies.suggestions import ANSWERED_ALREADY, SEND_ANYWAY
from tests.slack.conftest import AMIRA, BEN, FATIMA, MODERATORS, SAM, Harness
from tests.slack.question_steps import (
    ask,
    bot_posts,
    cards_in,
    draft_offers,
    press,
    roots_for,
    settle,
    stored_question,
)
from tests.slack.test_commands_e2e import reply_to
from tests.slack.test_data_rights_e2e import press_in_reply
from tests.slack.test_question_safety_e2e import open_form_and_ask, sections

pytestmark = pytest.mark.manual_outbox

PUBLISHED = "How do I choose measures for a service with no data yet?"
ANSWER = "Start from the decision the measure should inform."
LIKE_IT = "Which measures suit a brand-new service?"
SUGGESTED = (
    "Before I send your question: the moderators have already answered similar ones. "
    "1 published answer may help. I have not sent your question yet."
)


async def published_anonymously(h: Harness) -> None:
    """Amira asks Q-1 anonymously through the form, agreeing to share it; Fatima answers
    and publishes it to the cohort."""
    await open_form_and_ask(h, AMIRA, PUBLISHED, [ANONYMOUS, MAY_PUBLISH])
    [card] = cards_in(h)
    await h.slack.channel_message(FATIMA, MODERATORS, ANSWER, thread_ts=card["ts"])
    await settle(h)
    answer = await press(h, FATIMA, PUBLISH, card)
    assert answer["text"] == "Q-1 is published to the cohort channel, without the asker's name."


def shows_the_published_answer(message: dict[str, Any]) -> None:
    assert sections(message["blocks"])[1] == f"*Q-1: {PUBLISHED}*\n{ANSWER}"
    assert "Amira" not in str(message) and AMIRA not in str(message)


async def test_a_question_like_a_published_one_waits_while_the_asker_reads_the_answer(
    harness: Harness,
) -> None:
    h = harness
    await published_anonymously(h)
    suggested = await ask(h, BEN, LIKE_IT)
    assert suggested["text"] == SUGGESTED
    shows_the_published_answer(suggested)
    assert "This answers it" in str(suggested["blocks"])
    assert "Send my question anyway" in str(suggested["blocks"])
    await settle(h)
    assert len(cards_in(h)) == 1  # nothing new reached the moderators
    draft = await stored_question(h, 2)
    assert draft is not None and draft.status is QuestionStatus.DRAFT

    answer = await press_in_reply(h, BEN, suggested, ANSWERED_ALREADY)
    assert answer["text"] == (
        "Good. I have not sent your question. If you need more, ask again with /ask."
    )
    assert await stored_question(h, 2) is None  # the words of a question not sent go
    again = await press_in_reply(h, BEN, suggested, SEND_ANYWAY)
    assert again["text"] == "That question no longer exists. Ask a new one with /ask."
    report = await reply_to(h, "/cohort", "questions", SAM)
    assert report["text"].endswith(
        "Published answers saved 1 question: leaders found their answer there before asking."
    )
    assert len(cards_in(h)) == 1
    h.api.assert_no_problems()


async def test_sending_anyway_sends_the_question_as_it_was_asked(harness: Harness) -> None:
    h = harness
    await published_anonymously(h)
    suggested = await ask(h, BEN, LIKE_IT)
    sent = await press_in_reply(h, BEN, suggested, SEND_ANYWAY)
    assert sent["text"] == (
        "Thank you. Your question is Q-2. I have started a thread about it in your messages "
        "with me."
    )
    card = cards_in(h)[-1]
    assert card["text"].startswith(
        f"Question Q-2 from Ben Adeyemi, Hackney Council (Open): {LIKE_IT}"
    )
    assert roots_for(h, BEN)
    pressed_twice = await press_in_reply(h, BEN, suggested, ANSWERED_ALREADY)
    assert pressed_twice["text"] == "You have sent this already, as Q-2."
    report = await reply_to(h, "/cohort", "questions", SAM)
    assert report["text"].endswith("Published answers have saved no questions yet.")
    h.api.assert_no_problems()


async def test_the_form_and_a_direct_message_keep_the_askers_choice_to_be_anonymous(
    harness: Harness,
) -> None:
    h = harness
    await published_anonymously(h)
    await open_form_and_ask(h, BEN, LIKE_IT, [ANONYMOUS])
    [suggested] = [m for m in bot_posts(h, "D" + BEN) if m["text"] == SUGGESTED]
    shows_the_published_answer(suggested)
    assert "It will go anonymously as: " + LIKE_IT in str(suggested["blocks"])
    sent = await press(h, BEN, SEND_ANYWAY, suggested)
    assert sent["text"].startswith("Thank you. Your question is Q-2.")
    assert cards_in(h)[-1]["text"].startswith("Question Q-2 from A leader (anonymous) (Open)")

    await h.slack.direct_message(BEN, "What measures work for a new service without data?")
    await settle(h)
    [offer] = draft_offers(h, BEN)
    from_dm = await press(h, BEN, SEND_DRAFT_ANONYMOUSLY, offer)
    assert from_dm["text"] == SUGGESTED
    sent = await press_in_reply(h, BEN, from_dm, SEND_ANYWAY)
    assert sent["text"].startswith("Thank you. Your question is Q-3.")
    assert cards_in(h)[-1]["text"].startswith("Question Q-3 from A leader (anonymous) (Open)")
    for call in h.api.calls:
        if call.args.get("channel") != "D" + AMIRA:
            assert "Amira" not in str(call.args), f"{call.method} names the asker"
    h.api.assert_no_problems()


async def test_only_published_answers_are_suggested_and_other_questions_go_at_once(
    harness: Harness,
) -> None:
    h = harness
    await open_form_and_ask(h, AMIRA, PUBLISHED, [ANONYMOUS, MAY_PUBLISH])
    [card] = cards_in(h)
    await press(h, FATIMA, CLAIM, card)
    await h.slack.channel_message(FATIMA, MODERATORS, ANSWER, thread_ts=card["ts"])
    await settle(h)
    # Answered but not published: Ben's question like it goes straight to the moderators.
    sent = await ask(h, BEN, LIKE_IT)
    assert sent["text"].startswith("Thank you. Your question is Q-2.")
    await settle(h)
    assert len(cards_in(h)) == 2
    h.api.assert_no_problems()
