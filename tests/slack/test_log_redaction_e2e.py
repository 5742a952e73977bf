"""Nothing the bot logs at INFO or WARNING carries a token, a secret or a person's words,
through a flow that asks, answers, fails and is refused."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.logs import JsonFormatter
from tests.slack.conftest import AMIRA, BEN, FATIMA, MODERATORS, SECRET, Harness
from tests.slack.question_steps import asked, replies_in, settle
from tests.slack.test_commands_e2e import reply_to

pytestmark = pytest.mark.manual_outbox

TOKEN = "xoxb-test-token"  # the harness's bot token
QUESTION = "Should the mental health referral figures include Ben's team?"
ANSWER = "Yes, but keep the names out of the slide."
DIRECT = "my manager thinks the dashboard is wrong"
REFUSED = "remove everyone from Hackney tonight"
WORDS = (QUESTION, ANSWER, DIRECT, REFUSED, "mental health", "dashboard", "Hackney tonight")


async def test_a_flow_logs_no_token_secret_or_words(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = harness
    caplog.set_level(logging.INFO)
    h.api.fail_next(1, status=429, retry_after=1, method="chat.postMessage")
    card, root = await asked(h, AMIRA, QUESTION)
    await h.slack.channel_message(FATIMA, MODERATORS, ANSWER, thread_ts=card["ts"])
    assert await replies_in(h, "D" + AMIRA, root["ts"])
    await h.slack.direct_message(BEN, DIRECT)
    await reply_to(h, "/cohort", REFUSED, AMIRA)  # not a coordinator: refused, and logged
    h.api.fail_next(1, error="account_inactive", method="chat.postMessage")
    await h.slack.direct_message(AMIRA, DIRECT + " too")
    h.clock.advance(timedelta(seconds=5))
    await settle(h)

    levels = {record.levelname for record in caplog.records}
    assert "WARNING" in levels  # the refusal and the reply that could not arrive
    as_json = JsonFormatter()
    for record in caplog.records:
        for line in (record.getMessage(), as_json.format(record)):
            for secret in (TOKEN, SECRET, *WORDS):
                assert secret.lower() not in line.lower(), line
