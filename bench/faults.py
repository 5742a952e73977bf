"""`make faults`: exactly once under SIGKILL, lost answers and several processes.

Run `.venv/bin/python -m bench.faults [--leaders 2000] [--scenario NAME]`. Five
scenarios, each with real `facilitator run` processes against the fake Slack on loopback
(see bench.fault_harness):

1. `kills`: one process on SQLite, killed with SIGKILL three times during the fan-out;
2. `failures`: one process on SQLite, with 30% of posts failed (429, 500, and a share
   posted but answered 500 or too late);
3. `failures-history`: the same, with reading history limited to 50 calls a minute, as
   Slack limits conversations.history (Tier 3), which the fake otherwise does not;
4. `failures-unsubscribed`: that again for an app installed before its manifest asked
   for Slack's word that each message arrived (no message_metadata_posted events);
5. `postgres`: two processes on one PostgreSQL database, killed twice (only when
   TEST_DATABASE_URL names a PostgreSQL database, which it empties first).

Slack's message_metadata_posted events go to the processes (in turn) in every scenario
but the fourth, as Slack sends them to an app subscribed to its own metadata.

It prints lost, duplicated, time to finish and the calls made to Slack for each. A run
of every scenario replaces its section of bench/RESULTS.md; a run of one (`--scenario`)
only prints. The goal: 0 lost, 0 duplicated, finished within 30 seconds of the last
restart.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
from pathlib import Path

from bench.fault_harness import Outcome, Scenario, empty_postgres, run
from bench.results import RESULTS, write_section

BEGIN, END = "<!-- faults-bench -->", "<!-- /faults-bench -->"


FAILURES = (
    "30% of posts fail: 10% 429, 10% 500, 5% posted then 500, 5% posted then answered too late"
)


def scenarios(leaders: int) -> dict[str, tuple[Scenario, bool]]:
    """Each scenario by name, and whether it runs on PostgreSQL."""
    failing = {
        "rate_limited": 0.10,
        "refused": 0.10,
        "lost_answer": 0.05,
        "timeout": 0.05,
    }
    return {
        "kills": (Scenario("SIGKILL three times during the fan-out", leaders, kills=3), False),
        "failures": (Scenario(FAILURES, max(leaders // 4, 1), **failing), False),
        "failures-history": (
            Scenario(
                f"{FAILURES}; reading history limited to 50 a minute (Slack's Tier 3)",
                max(leaders // 4, 1),
                history_limited=True,
                **failing,
            ),
            False,
        ),
        "failures-unsubscribed": (
            Scenario(
                f"{FAILURES}; history limited; no word from Slack that a post arrived",
                max(leaders // 4, 1),
                history_limited=True,
                arrival_events=False,
                **failing,
            ),
            False,
        ),
        "postgres": (
            Scenario("two processes, SIGKILL twice", leaders // 2, processes=2, kills=2),
            True,
        ),
    }


async def run_all(leaders: int, postgres: str, only: str | None) -> list[Outcome]:
    outcomes = []
    for name, (scenario, on_postgres) in scenarios(leaders).items():
        if only is not None and name != only:
            continue
        if on_postgres and not postgres:
            print(f"skipped: {scenario.name} (set TEST_DATABASE_URL to a PostgreSQL database)")
            continue
        with tempfile.TemporaryDirectory(prefix="facilitator-faults-") as folder:
            if on_postgres:
                await empty_postgres(postgres)
                url = postgres
            else:
                url = f"sqlite+aiosqlite:///{folder}/facilitator.db"
            outcome = await run(scenario, url, Path(folder))
        print(line(outcome))
        print(f"    calls to Slack: {calls(outcome)}")
        for problem in outcome.missing:
            print(f"    never arrived: {problem}")
        outcomes.append(outcome)
    return outcomes


def line(o: Outcome) -> str:
    failures = ", ".join(f"{n} {kind}" for kind, n in sorted(o.failures.items())) or "none"
    return (
        f"| {o.scenario.name} | {o.database} | {o.scenario.processes} | {o.scenario.leaders:,} "
        f"| {o.restarts} | {failures} | {o.lost} | {o.duplicated} | {o.seconds:.0f} s "
        f"| {o.after_last_restart:.0f} s |"
    )


def calls(o: Outcome) -> str:
    """The bot's calls to Slack by method, with how many Slack refused (429)."""
    made = ", ".join(
        f"{method} {n:,}" + (f" ({o.refused[method]:,} refused)" if o.refused.get(method) else "")
        for method, n in sorted(o.calls.items())
    )
    return f"{made}; events taken: message_metadata_posted {o.events:,}"


def section(outcomes: list[Outcome]) -> str:
    rows = "\n".join(line(o) for o in outcomes)
    made = "\n".join(f"- {o.scenario.name}: {calls(o)}" for o in outcomes)
    return f"""{BEGIN}
## Exactly once under faults (`make faults`)

Real `facilitator run` processes on loopback against the fake Slack Web API, which allows
one message a second per channel, 6,000 a minute, and 50 calls a minute to each Tier 3
method the bot uses to find a DM (`conversations.open`, `users.conversations`); reading
history is limited the same way only where the row says so (Slack limits it: Tier 3).
A 500 answer may or may not have posted (Slack's `internal_error` says so), so each is
known from Slack's `message_metadata_posted` event, when it posted, or looked for before
it is sent again. Slack sends that event for each message the bot posts, to a process in
turn, and again after 1 and 5 minutes to a process that did not take it (one killed);
but not in the row that says "no word from Slack". Each leader is owed a welcome and a
week-1 nudge; a message is counted by the delivery key in its metadata. SIGKILLs fall at
random moments of the fan-out, and the process is started again within 1.5 s. "After the
last restart" is the time from the last start to the last message arriving.

| fault | database | processes | leaders | restarts | failed posts | lost | duplicated \
| all sent after | after the last restart |
|---|---|---:|---:|---:|---|---:|---:|---:|---:|
{rows}

The calls each run made to Slack ("refused": answered 429, the harness's own 429s included), and the
events Slack sent that a process took:

{made}

Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores.
{END}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--leaders", type=int, default=2000)
    parser.add_argument(
        "--scenario", choices=list(scenarios(1)), help="run only this one; RESULTS.md is left"
    )
    args = parser.parse_args()
    postgres = os.environ.get("TEST_DATABASE_URL", "")
    outcomes = asyncio.run(run_all(args.leaders, postgres, args.scenario))
    if args.scenario is None:
        write_section(BEGIN, END, section(outcomes), RESULTS)
        print(f"written to {RESULTS}")
    if any(o.lost or o.duplicated or not o.started_every_process for o in outcomes):
        sys.exit(1)


if __name__ == "__main__":
    main()
