"""Real `facilitator run` processes against the fake Slack, killed and failed on purpose.

The harness serves the test fake Slack Web API on loopback, with Slack's limits on (one
message a second per channel, 6,000 a minute, 50 a minute for each Tier 3 method the bot
calls to find a DM, and for reading history when the scenario says so) and, when asked,
a share of posts failed at random: refused with 429 or 500, or posted and then answered
500 or too late (the answer lost). It writes a cohort file of N leaders whose course
starts today, starts one or more `facilitator run` processes on one database, kills them
with SIGKILL at random moments of the fan-out (each welcome and week-1 nudge) and starts
them again, then counts, per leader, the messages that carry each delivery key: a key
missing is a lost message, a key seen twice a duplicate.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.fakes.arrivals import ArrivalEvents
from tests.fakes.calls import Failure
from tests.fakes.rate_limits import TIER_3, TIER_3_HISTORY, RateLimits
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SlackClient

LONDON = ZoneInfo("Europe/London")
COHORT_CHANNEL, COORDINATORS = "C0COHORT01", "C0COORDIN1"
COORDINATOR = "U0COORD001"
POSTS_PER_MINUTE = 6000
KINDS = ("welcome:", "nudge:")  # what each leader must get exactly once
SEATS = 500  # leaders per organisation (the cohort file allows up to 1,000)
SIGNING_SECRET = "fault-harness-signing-secret"
SEND_TIMEOUT = 2  # seconds the bot waits for an answer; a "timeout" answers later
CURRICULUM = Path(__file__).parent.parent / "config" / "curriculum.sample.yml"


@dataclass
class Chaos:
    """Chooses a failure for a share of posts; each share is of all posts."""

    rng: random.Random
    rate_limited: float = 0.0  # 429, nothing posted
    refused: float = 0.0  # 500, nothing posted
    lost_answer: float = 0.0  # posted, then answered 500
    timeout: float = 0.0  # posted, answered after the bot gave up waiting
    chosen: Counter[str] = field(default_factory=Counter)

    def __call__(self, method: str) -> Failure | None:
        if method != "chat.postMessage":
            return None
        roll = self.rng.random()
        for name, share, failure in (
            ("429", self.rate_limited, Failure(1, 429, "ratelimited", 1, method)),
            ("500", self.refused, Failure(1, 500, "internal_error", None, method)),
            ("lost", self.lost_answer, Failure(1, 500, "internal_error", None, method, True)),
            (
                "timeout",
                self.timeout,
                Failure(1, 500, "internal_error", None, method, True, SEND_TIMEOUT + 1),
            ),
        ):
            if roll < share:
                self.chosen[name] += 1
                return failure
            roll -= share
        return None


@dataclass(frozen=True)
class Scenario:
    name: str
    leaders: int
    processes: int = 1
    kills: int = 0
    rate_limited: float = 0.0
    refused: float = 0.0
    lost_answer: float = 0.0
    timeout: float = 0.0
    lost_answers: int = 0  # the first posts: posted, then answered 500
    history_limited: bool = False  # reading history limited to Tier 3, as on Slack
    # Slack says each post arrived (message_metadata_posted), as to an app whose manifest
    # subscribes to its metadata; False is an app installed before it asked to.
    arrival_events: bool = True
    seed: int = 2027
    give_up_after: float = 600.0  # seconds


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    database: str
    expected: int
    lost: int
    duplicated: int
    duplicated_keys: tuple[str, ...]
    seconds: float  # from the first start until every message had arrived
    after_last_restart: float  # from the last start until every message had arrived
    restarts: int
    failures: dict[str, int]
    started_every_process: bool
    # For each message that never arrived: its delivery as the outbox last recorded it.
    missing: tuple[str, ...] = ()
    # The calls the bot made to Slack by method, and how many of each were refused (429).
    calls: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)
    events: int = 0  # message_metadata_posted events the bot took


def user_id(n: int) -> str:
    return f"U{n:09}"


def write_cohort_file(path: Path, leaders: int, today: datetime) -> None:
    """A cohort of `leaders` that starts today, its people Slack member ids."""
    lines = [
        "slug: fault-harness",
        "name: Fault harness cohort",
        f"start_date: {today.date().isoformat()}",
        "default_pace: 6",
        "time_zone: Europe/London",
        f"channels: {{cohort: {COHORT_CHANNEL}, coordinators: {COORDINATORS}}}",
        f"coordinators: [{{user: {COORDINATOR}, name: Sam Okafor}}]",
        "organisations:",
        *(
            f"  - {{id: org-{o}, name: Organisation {o}, seats: {SEATS}}}"
            for o in range(-(-leaders // SEATS))
        ),
        "participants:",
        *(
            f"  - {{user: {user_id(n)}, name: Leader {n:05}, org: org-{n // SEATS}, "
            "seniority: director}"
            for n in range(leaders)
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def environment(database_url: str, slack_url: str, cohort_file: Path, port: int) -> dict[str, str]:
    """A bot in HTTP mode whose week-1 nudge is due at once, any day and hour."""
    today = datetime.now(LONDON).strftime("%A").lower()
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_"))},
        "SLACK_BOT_TOKEN": "xoxb-fault-harness",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_url,
        "SLACK_MESSAGES_PER_MINUTE": str(POSTS_PER_MINUTE),
        "SLACK_SEND_TIMEOUT_SECONDS": str(SEND_TIMEOUT),
        "DATABASE_URL": database_url,
        "COHORT_FILE": str(cohort_file),
        "CURRICULUM_FILE": str(CURRICULUM),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "NUDGE_DAY": today,
        "NUDGE_TIME": "00:00",
        "WORKING_DAYS": "mon-sun",
        "WORKING_HOURS": "00:00-23:59",
        "HOLIDAY_REGION": "none",
        "OUTBOX_POLL_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
    }


class BotProcess:
    """One `facilitator run`, started, killed and started again."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self._env = env
        self._log = log
        self._process: asyncio.subprocess.Process | None = None
        self.port = int(env["PORT"])

    async def start(self) -> None:
        with self._log.open("ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", env=self._env, stdout=log, stderr=log
            )

    async def healthy(self, seconds: float = 120.0) -> bool:
        """Whether /healthz answers within `seconds`; False if the process died first."""
        deadline = time.monotonic() + seconds
        url = f"http://127.0.0.1:{self.port}/healthz"
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                if self._process is None or self._process.returncode is not None:
                    return False
                try:
                    async with session.get(url, timeout=aiohttp.ClientTimeout(total=1)) as r:
                        if r.status == 200:
                            return True
                except (aiohttp.ClientError, TimeoutError):
                    pass
                await asyncio.sleep(0.1)
        return False

    def events_client(self, slack: FakeSlackAPI) -> SlackClient:
        """Slack's way to this process: signed posts to its /slack/events."""
        return SlackClient(f"http://127.0.0.1:{self.port}", SIGNING_SECRET, slack)

    def kill(self) -> None:
        if self._process is not None and self._process.returncode is None:
            self._process.send_signal(signal.SIGKILL)

    async def stop(self) -> None:
        if self._process is None:
            return
        self.kill()
        await self._process.wait()

    def log_tail(self, lines: int = 20) -> str:
        text = self._log.read_text(encoding="utf-8", errors="replace") if self._log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def received(slack: FakeSlackAPI) -> Counter[str]:
    """How many messages in leaders' DMs carry each welcome and nudge key."""
    counts: Counter[str] = Counter()
    for (channel, _), message in list(slack.workspace.messages.items()):
        if channel.startswith("D"):
            key = str(((message.get("metadata") or {}).get("event_payload") or {}).get("delivery"))
            if key.startswith(KINDS):
                counts[key] += 1
    return counts


def complete(counts: Counter[str], leaders: int) -> bool:
    return all(sum(1 for k in counts if k.startswith(kind)) >= leaders for kind in KINDS)


def bot_processes(
    count: int, database_url: str, slack_url: str, cohort_file: Path, folder: Path
) -> list[BotProcess]:
    """`count` bots on one database and one Slack, each on a free port with its own log."""
    return [
        BotProcess(
            environment(database_url, slack_url, cohort_file, free_port()),
            folder / f"bot-{n}.log",
        )
        for n in range(count)
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def run(scenario: Scenario, database_url: str, workdir: Path) -> Outcome:
    """Run one scenario to the end: every message arrived, or it gave up."""
    rng = random.Random(scenario.seed)
    chaos = Chaos(
        rng, scenario.rate_limited, scenario.refused, scenario.lost_answer, scenario.timeout
    )
    limits = RateLimits(
        messages_per_minute=POSTS_PER_MINUTE,
        tier_3=TIER_3_HISTORY if scenario.history_limited else TIER_3,
    )
    async with FakeSlackAPI(rate_limits=limits) as slack:
        slack.chaos = chaos
        if scenario.lost_answers:
            slack.fail_next(
                scenario.lost_answers, status=500, posted=True, method="chat.postMessage"
            )
        _people(slack, scenario.leaders)
        cohort_file = workdir / "cohort.yml"
        write_cohort_file(cohort_file, scenario.leaders, datetime.now(LONDON))
        bots = bot_processes(scenario.processes, database_url, slack.url, cohort_file, workdir)
        clients = [bot.events_client(slack) for bot in bots]
        arrivals = ArrivalEvents(slack, clients) if scenario.arrival_events else None
        began = time.monotonic()
        await asyncio.gather(*(bot.start() for bot in bots))
        started = all(await asyncio.gather(*(bot.healthy() for bot in bots)))
        if not started:
            await asyncio.gather(*(bot.stop() for bot in bots))
            raise RuntimeError("a bot did not come up:\n" + "\n".join(b.log_tail() for b in bots))
        try:
            last_start, restarts = await _kill_and_restart(bots, scenario, slack, rng)
            finished = await _until_complete(slack, scenario, began)
            await asyncio.sleep(3)  # a late duplicate would land now
        finally:
            if arrivals is not None:
                await arrivals.close()
            await asyncio.gather(*(bot.stop() for bot in bots))
        counts = received(slack)
        calls = Counter(call.method for call in slack.calls)
        refused = Counter(call.method for call in slack.calls if call.status == 429)
    expected = scenario.leaders * len(KINDS)
    arrived = sum(1 for k in counts if k.startswith(KINDS))
    duplicated = {k: n for k, n in counts.items() if n > 1}
    missing = await _not_arrived(database_url, set(counts)) if arrived < expected else ()
    return Outcome(
        scenario=scenario,
        database="PostgreSQL" if database_url.startswith("postgresql") else "SQLite",
        expected=expected,
        lost=expected - arrived,
        duplicated=sum(n - 1 for n in duplicated.values()),
        duplicated_keys=tuple(sorted(duplicated)),
        seconds=finished - began,
        after_last_restart=finished - last_start if last_start else finished - began,
        restarts=restarts,
        failures=dict(chaos.chosen),
        started_every_process=started,
        missing=missing,
        calls=dict(calls),
        refused=dict(refused),
        events=0 if arrivals is None else len(arrivals.delivered),
    )


async def _not_arrived(database_url: str, arrived: set[str]) -> tuple[str, ...]:
    """What the outbox says of each welcome and nudge that never arrived."""
    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT key, status, attempts, error, not_before, unsure FROM deliveries "
                    "WHERE key LIKE 'welcome:%' OR key LIKE 'nudge:%'"
                )
            )
            return tuple(" ".join(map(str, row)) for row in rows if row[0] not in arrived)
    finally:
        await engine.dispose()


def _people(slack: FakeSlackAPI, leaders: int) -> None:
    slack.add_user(COORDINATOR, "Sam Okafor")
    for n in range(leaders):
        slack.add_user(user_id(n), f"Leader {n:05}")
    slack.add_channel(COHORT_CHANNEL, "cohort")
    slack.add_channel(COORDINATORS, "coordinators", [COORDINATOR])


async def _kill_and_restart(
    bots: Sequence[BotProcess], scenario: Scenario, slack: FakeSlackAPI, rng: random.Random
) -> tuple[float, int]:
    """Kill a random process at random moments while messages go out, then start it
    again; the time of the last start."""
    last_start = 0.0
    expected = scenario.leaders * len(KINDS)
    # Kills fall while the fan-out runs: spread over the first part of it.
    moments = sorted(rng.uniform(0.05, 0.6) for _ in range(scenario.kills))
    for share in moments:
        while sum(received(slack).values()) < share * expected:  # noqa: ASYNC110 - polls the fake
            await asyncio.sleep(0.2)
        victim = rng.choice(list(bots))
        victim.kill()
        await asyncio.sleep(rng.uniform(0.2, 1.5))
        await victim.start()
        last_start = time.monotonic()
        if not await victim.healthy():
            raise RuntimeError(f"a restarted bot did not come up:\n{victim.log_tail()}")
    return last_start, len(moments)


async def _until_complete(slack: FakeSlackAPI, scenario: Scenario, began: float) -> float:
    while time.monotonic() - began < scenario.give_up_after:
        if complete(received(slack), scenario.leaders):
            return time.monotonic()
        await asyncio.sleep(0.2)
    return time.monotonic()


async def empty_postgres(url: str) -> None:
    """Drop every table, so the processes start on a new database."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:

            def drop(sync: object) -> None:
                tables = MetaData()
                tables.reflect(sync)  # type: ignore[arg-type]
                tables.drop_all(sync)  # type: ignore[arg-type]

            await connection.run_sync(drop)
    finally:
        await engine.dispose()
