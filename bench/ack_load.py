"""Signed slash commands sent at once, timed as Slack would see them."""

from __future__ import annotations

import asyncio
import itertools
import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from tests.fakes import interactions
from tests.fakes.signing import SlackRequestSigner
from tests.fakes.slack_api import FakeSlackAPI

FORM = "application/x-www-form-urlencoded"
_tokens = itertools.count(1)


@dataclass(frozen=True)
class Target:
    """An app that answers slash commands: where it listens, its command, its secret, and
    its process (to read the CPU time it spends)."""

    origin: str
    command: str
    secret: str
    pid: int


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used, user and system, from /proc (Linux); 0 elsewhere."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return 0.0
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Latencies:
    """Seconds, one per request."""

    seconds: list[float] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        """Milliseconds below which `share` of the requests fell (nearest rank)."""
        ordered = sorted(self.seconds)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000

    @property
    def p50(self) -> float:
        return self.percentile(0.5)

    @property
    def p99(self) -> float:
        return self.percentile(0.99)

    def __str__(self) -> str:
        return f"{self.p50:.0f} / {self.p99:.0f}"


@dataclass
class Timings:
    ack: Latencies = field(default_factory=Latencies)
    reply: Latencies = field(default_factory=Latencies)
    cpu: float = 0.0  # seconds the app's process spent on these requests

    @property
    def cpu_ms_each(self) -> float:
        return self.cpu * 1000 / max(1, len(self.ack.seconds))

    async def add(
        self, session: aiohttp.ClientSession, slack: FakeSlackAPI, app: Target, users: list[str]
    ) -> None:
        """Send a burst to the app and keep its timings."""
        began = cpu_seconds(app.pid)
        for ack, reply in await burst(session, slack, app, users):
            self.ack.seconds.append(ack)
            self.reply.seconds.append(reply)
        self.cpu += cpu_seconds(app.pid) - began


class Arrivals:
    """Which response_url tokens the fake has received, read as its calls come in."""

    def __init__(self, slack: FakeSlackAPI) -> None:
        self.slack = slack
        self.tokens: set[str] = set()
        self.read = 0

    def has(self, token: str) -> bool:
        calls = self.slack.calls
        self.tokens.update(c.target for c in calls[self.read :] if c.method == "response_url")
        self.read = len(calls)
        return token in self.tokens


async def burst(
    session: aiohttp.ClientSession, slack: FakeSlackAPI, app: Target, users: list[str]
) -> list[tuple[float, float]]:
    """One `command 1` from each user at once: (ack, reply) seconds for each."""
    arrivals = Arrivals(slack)
    return list(await asyncio.gather(*(_one(session, slack, arrivals, app, u) for u in users)))


async def _one(
    session: aiohttp.ClientSession,
    slack: FakeSlackAPI,
    arrivals: Arrivals,
    app: Target,
    user: str,
) -> tuple[float, float]:
    token = f"bench-{next(_tokens)}"
    trigger = slack.workspace.issue_trigger(user)
    fields = interactions.slash_command(
        slack.workspace, app.command, "1", user, "D" + user, slack.response_url(token), trigger
    )
    body = urlencode(fields)
    headers = {"Content-Type": FORM, **SlackRequestSigner(app.secret).headers(body)}
    began = time.perf_counter()
    async with session.post(f"{app.origin}/slack/events", data=body, headers=headers) as answer:
        await answer.read()
        acked = time.perf_counter() - began
        if answer.status != 200:
            raise RuntimeError(f"{app.command} answered {answer.status}")
    await slack.wait_until(lambda: arrivals.has(token), f"the reply to {token}", timeout=30)
    return acked, time.perf_counter() - began


async def wait_until_quiet(slack: FakeSlackAPI, at_least: int, quiet: float = 1.0) -> None:
    """Until the app has posted `at_least` messages and then called Slack for nothing
    for `quiet` seconds (its start: welcome messages, a digest)."""
    while True:
        count = len(slack.calls)
        await asyncio.sleep(quiet)
        posted = len(slack.calls_to("chat.postMessage"))
        if posted >= at_least and len(slack.calls) == count:
            return
