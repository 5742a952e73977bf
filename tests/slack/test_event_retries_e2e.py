"""An event is answered only once handled: a failure is answered with an error, Slack
sends the event again, and the retry is handled, so that its effect happens once."""

from __future__ import annotations

import pytest

from handlers.slack.events import in_time
from tests.fakes import events
from tests.slack.conftest import AMIRA, FATIMA, MODERATORS, Harness
from tests.slack.failures import database_fails_once
from tests.slack.question_steps import asked, draft_offers, settle, stored_question, thread

pytestmark = pytest.mark.manual_outbox

QUESTION = "How do I choose a measure for a service with no data yet?"


async def test_a_direct_message_whose_handling_failed_is_answered_500_and_its_retry_handled_once(
    harness: Harness,
) -> None:
    h = harness
    event = events.message_im(h.slack.ws, AMIRA, QUESTION)
    with database_fails_once(h, "deliveries") as failed:
        first = await h.slack.event(event, event_id="Ev0FAILS0001")
    assert failed and first.status == 500
    assert await stored_question(h, 1) is None  # the draft went with the failed handling
    retry = await h.slack.event(
        event, event_id="Ev0FAILS0001", retry_num=1, retry_reason="http_error"
    )
    again = await h.slack.event(
        event, event_id="Ev0FAILS0001", retry_num=2, retry_reason="http_error"
    )
    assert (retry.status, again.status) == (200, 200)
    await settle(h)
    [offer] = draft_offers(h, AMIRA)
    assert QUESTION in str(offer["blocks"])
    drafts = [await stored_question(h, number) for number in (1, 2, 3)]
    assert len([q for q in drafts if q is not None]) == 1
    h.api.assert_no_problems()


async def test_a_home_tab_slack_failed_to_publish_is_answered_500_and_published_on_the_retry(
    harness: Harness,
) -> None:
    h = harness
    h.api.fail_next(status=500, method="views.publish")
    event = {"type": "app_home_opened", "user": AMIRA, "tab": "home", "event_ts": "1700.000300"}
    first = await h.slack.event(event, event_id="Ev0FAILS0002")
    retry = await h.slack.event(
        event, event_id="Ev0FAILS0002", retry_num=1, retry_reason="http_error"
    )
    again = await h.slack.event(
        event, event_id="Ev0FAILS0002", retry_num=2, retry_reason="http_error"
    )
    assert (first.status, retry.status, again.status) == (500, 200, 200)
    published = h.api.calls_to("views.publish")
    assert [call.ok for call in published] == [False, True]


async def test_a_moderators_reply_whose_handling_failed_is_answered_500_and_relayed_once(
    harness: Harness,
) -> None:
    h = harness
    card, root = await asked(h, AMIRA, QUESTION)
    event = events.channel_message(h.slack.ws, FATIMA, MODERATORS, "Start small.", card["ts"])
    with database_fails_once(h, "question_posts"):
        first = await h.slack.event(event, event_id="Ev0FAILS0003")
    second = await h.slack.event(event, event_id="Ev0FAILS0003", retry_num=1)
    third = await h.slack.event(event, event_id="Ev0FAILS0003", retry_num=2)
    await settle(h)
    assert (first.status, second.status, third.status) == (500, 200, 200)
    relayed = [m["text"] for m in thread(h, "D" + AMIRA, root["ts"])]
    assert relayed == ["Fatima Ali (moderator) replied: Start small."]


async def test_an_event_handled_too_slowly_is_answered_500_within_slacks_three_seconds(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    event = events.message_im(h.slack.ws, AMIRA, QUESTION)
    monkeypatch.setattr(in_time, "SECONDS", 0.0)  # no handling can be quick enough
    late = await h.slack.event(event, event_id="Ev0FAILS0004")
    assert late.status == 500 and late.seconds < 3
    assert await stored_question(h, 1) is None
    monkeypatch.setattr(in_time, "SECONDS", 2.5)
    retry = await h.slack.event(
        event, event_id="Ev0FAILS0004", retry_num=1, retry_reason="http_timeout"
    )
    assert retry.status == 200
    await settle(h)
    assert len(draft_offers(h, AMIRA)) == 1
