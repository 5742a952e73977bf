"""In Socket Mode, an event's envelope is acknowledged once the event is handled, and not
at all when handling failed, so that Slack sends it again."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode.async_internals import run_async_bolt_app, send_async_response
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from tests.fakes import events, interactions
from tests.slack.conftest import AMIRA, Harness
from tests.slack.failures import database_fails_once
from tests.slack.question_steps import draft_offers, settle, stored_question

pytestmark = pytest.mark.manual_outbox


class SocketModeConnection:
    """Stands in for the Socket Mode client: keeps the envelopes the app acknowledged."""

    def __init__(self) -> None:
        self.logger = logging.getLogger("socket-mode")
        self.acknowledged: list[str] = []

    async def send_socket_mode_response(self, response: SocketModeResponse) -> None:
        self.acknowledged.append(response.envelope_id)


async def deliver(h: Harness, socket: Any, event: dict[str, Any], envelope_id: str) -> None:
    """Slack sends the event down the socket; Bolt's Socket Mode adapter hands it to the app
    and answers the envelope as the app's answer says."""
    body = interactions.event_callback(h.slack.ws, event, "Ev0SOCKET001")
    request = SocketModeRequest("events_api", envelope_id, body)
    assert h.bot.bolt is not None
    answer = await run_async_bolt_app(h.bot.bolt, request)
    await send_async_response(socket, request, answer, 0.0)


async def test_a_failed_event_is_not_acknowledged_and_slacks_retry_is_handled_once(
    harness: Harness,
) -> None:
    h = harness
    socket = SocketModeConnection()
    event = events.message_im(h.slack.ws, AMIRA, "Can I see last year's dashboards?")
    with database_fails_once(h, "deliveries") as failed:
        await deliver(h, socket, event, "envelope-1")
    assert failed and socket.acknowledged == []
    assert await stored_question(h, 1) is None
    await deliver(h, socket, event, "envelope-2")  # Slack's retry comes in a new envelope
    await deliver(h, socket, event, "envelope-3")  # and once more
    assert socket.acknowledged == ["envelope-2", "envelope-3"]
    await settle(h)
    assert len(draft_offers(h, AMIRA)) == 1
