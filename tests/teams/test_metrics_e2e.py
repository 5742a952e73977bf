"""GET /metrics after real sends through the fake Bot Connector: Teams is timed and its
429s and retries counted like Slack's, under the platform's name only."""

from __future__ import annotations

from datetime import timedelta

from tests.slack.test_metrics_e2e import deliveries, scrape, value
from tests.teams.conftest import AMIRA, TeamsHarness


async def test_teams_sends_are_timed_and_a_429_and_its_retry_counted(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    h.teams.fail_next(status=429, method="POST", path="activities")
    await h.install(AMIRA)  # her welcome is refused, once
    h.clock.advance(timedelta(seconds=5))
    await h.settle()

    samples = await scrape(h.origin)
    assert value(samples, "facilitator_rate_limited_total", platform="teams") == 1
    assert value(samples, "facilitator_send_retries_total", platform="teams") == 1
    states = deliveries(samples, "teams")
    assert states["sent"] == 1 and states["pending"] == 0
    # Each send timed: the refused one, its retry, and those that could not arrive.
    tries = value(samples, "facilitator_send_seconds_count", platform="teams")
    assert tries == 2 + states["failed"]
    assert {s.labels.get("platform") for s in samples} <= {None, "teams"}
