"""GET /metrics scraped over HTTP after real deliveries through the fake Slack Web API."""

from __future__ import annotations

import asyncio
import math
import re
from datetime import timedelta

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from bot.app import web_app
from bot.bootstrap import Core
from bot.core.model import DeliveryStatus
from bot.metrics import Metrics
from storage.engine import make_engine
from tests.fakes.loopback import LoopbackServer
from tests.slack.conftest import AMIRA, FATIMA, MODERATORS, SECRET, Harness
from tests.slack.question_steps import asked, replies_in

QUESTION = "Is our housing repairs data good enough to publish?"
ANSWER = "Publish the method alongside the figures."
STATES = {state.value for state in DeliveryStatus}
# What a label may say: a platform, a delivery state, a histogram bucket.
ALLOWED_LABELS = {"platform": {"slack", "teams"}, "state": STATES}
# Slack ids (people, channels, DMs, teams), delivery keys, message timestamps.
LOOKS_LIKE_AN_ID = re.compile(r"[UWCDGT][A-Z0-9]{6,}|\w+:\d+|\d{6,}\.\d+")


async def scrape(origin: str) -> list[Sample]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{origin}/metrics") as response,
    ):
        assert response.status == 200
        assert response.content_type == "text/plain"
        text = await response.text()
    return [sample for family in text_string_to_metric_families(text) for sample in family.samples]


def value(samples: list[Sample], name: str, **labels: str) -> float:
    [found] = [s for s in samples if s.name == name and s.labels == labels]
    return found.value


def deliveries(samples: list[Sample], platform: str = "slack") -> dict[str, float]:
    return {
        s.labels["state"]: s.value
        for s in samples
        if s.name == "facilitator_deliveries" and s.labels["platform"] == platform
    }


@pytest.mark.manual_outbox
async def test_metrics_count_deliveries_sends_429s_and_retries(harness: Harness) -> None:
    h = harness
    h.clock.advance(timedelta(seconds=90))  # the two welcomes have waited since they were due
    before = await scrape(h.slack.base_url)
    assert deliveries(before) == {"pending": 2, "sent": 0, "failed": 0, "skipped": 0}
    assert value(before, "facilitator_outbox_oldest_due_seconds") == 90
    assert value(before, "facilitator_scheduler_lock_held") == 0  # the jobs are not running

    h.api.fail_next(1, status=429, retry_after=30, method="chat.postMessage")
    await h.bot.core.services.outbox.dispatch_due()
    h.clock.advance(timedelta(seconds=30))
    await h.bot.core.services.outbox.dispatch_due()
    assert len([c for c in h.api.calls_to("chat.postMessage") if c.ok]) == 2

    after = await scrape(h.slack.base_url)
    assert deliveries(after) == {"pending": 0, "sent": 2, "failed": 0, "skipped": 0}
    assert value(after, "facilitator_outbox_oldest_due_seconds") == 0
    assert value(after, "facilitator_rate_limited_total", platform="slack") == 1
    assert value(after, "facilitator_send_retries_total", platform="slack") == 1
    assert value(after, "facilitator_send_seconds_count", platform="slack") == 3
    assert value(after, "facilitator_send_seconds_sum", platform="slack") > 0
    assert value(after, "process_resident_memory_bytes") > 0


async def test_the_scheduler_lock_gauge_is_1_while_this_process_runs_the_jobs(
    harness: Harness,
) -> None:
    for _ in range(100):
        if value(await scrape(harness.slack.base_url), "facilitator_scheduler_lock_held") == 1:
            return
        await asyncio.sleep(0.05)
    pytest.fail("the running bot never reported holding the scheduler lock")


@pytest.mark.manual_outbox
async def test_no_label_value_is_an_id_a_key_or_anything_a_person_wrote(harness: Harness) -> None:
    h = harness
    h.api.fail_next(1, status=429, retry_after=1, method="chat.postMessage")
    card, root = await asked(h, AMIRA, QUESTION)
    await h.slack.channel_message(FATIMA, MODERATORS, ANSWER, thread_ts=card["ts"])
    assert await replies_in(h, "D" + AMIRA, root["ts"])
    h.clock.advance(timedelta(seconds=5))
    await h.bot.core.services.outbox.dispatch_due()

    samples = await scrape(h.slack.base_url)
    assert value(samples, "facilitator_rate_limited_total", platform="slack") == 1
    values = [v for s in samples for k, v in s.labels.items() if k != "le"]
    assert values, "the flow produced labelled series"
    for label in values:
        assert not LOOKS_LIKE_AN_ID.search(label), label
        for words in (QUESTION, ANSWER, "housing", "Amira", SECRET, "xoxb-"):
            assert words.lower() not in label.lower()
    for sample in samples:
        for name, label in sample.labels.items():
            if name == "le":
                assert label == "+Inf" or float(label) > 0
            else:
                assert label in ALLOWED_LABELS[name], (sample.name, name, label)


async def test_metrics_answer_without_the_database_and_leave_the_outbox_out(
    harness: Harness,
) -> None:
    broken = Core(
        make_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none"), harness.bot.core.services
    )
    try:
        async with LoopbackServer(web_app(broken, None, Metrics())) as down:
            samples = await scrape(down.origin)
    finally:
        await broken.engine.dispose()
    assert not [s for s in samples if s.name == "facilitator_deliveries"]
    assert math.isnan(value(samples, "facilitator_outbox_oldest_due_seconds"))
    assert value(samples, "process_resident_memory_bytes") > 0
