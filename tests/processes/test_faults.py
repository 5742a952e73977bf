"""Exactly once with real processes: `facilitator run` killed with SIGKILL mid-fan-out,
and a post whose answer is lost, against the fake Slack on loopback (the short version
of `make faults`). On PostgreSQL two processes share the database."""

from __future__ import annotations

from pathlib import Path

from bench.fault_harness import Scenario, run


async def test_killed_processes_and_a_lost_answer_lose_and_repeat_nothing(
    database_url: str, tmp_path: Path
) -> None:
    processes = 2 if database_url.startswith("postgresql") else 1
    scenario = Scenario(
        "short", leaders=150, processes=processes, kills=1, lost_answers=1, give_up_after=300
    )

    outcome = await run(scenario, database_url, tmp_path)

    assert outcome.started_every_process
    assert outcome.restarts == 1
    assert (outcome.lost, outcome.duplicated_keys) == (0, ())
    # How fast it recovers is measured by `make faults` (bench/RESULTS.md), not here.
