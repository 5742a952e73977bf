"""Clearer for people, through signed Slack requests: help for what each person can use,
answers that say where someone stands, natural phrasings, warnings about odd poll times,
and a quiet start."""

from __future__ import annotations

import logging

import pytest

from tests.slack.conftest import Harness


async def test_the_bot_starts_without_a_warning_about_its_token(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    # The harness exports SLACK_BOT_TOKEN, as a deployment does, and builds the bot.
    warned = [r.getMessage() for r in caplog.get_records("setup") if r.levelno >= logging.WARNING]
    assert not [w for w in warned if "token" in w], warned
    assert harness.bot.bolt is not None
    assert harness.bot.bolt.client.base_url == harness.api.url  # it still talks to our Slack
