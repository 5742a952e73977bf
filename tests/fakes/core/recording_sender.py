"""A Sender that keeps every delivery it is given, and fails when told to."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.core.model import Delivery
from bot.core.outgoing import Links
from bot.core.ports import Clock, OutcomeUnknown, RetryLater, Sender, Undeliverable

Failure = RetryLater | Undeliverable


@dataclass(frozen=True)
class Sent:
    """One delivery as it went out, with the reference the platform gave it."""

    delivery: Delivery
    ref: str
    at: datetime | None
    # The platform references of the messages it went under or replaced.
    links: Links


@dataclass
class RecordingSender:
    """Our Sender port: notes each delivery, or raises the failures it was told to."""

    platform: str = "test"
    clock: Clock | None = None
    sent: list[Sent] = field(default_factory=list)
    attempts: list[str] = field(default_factory=list)  # every key it was asked to send
    # Let other tasks run during each send, as a real network call does.
    yields: bool = True
    _next_failures: list[Failure] = field(default_factory=list)
    _rules: list[tuple[Callable[[Delivery], bool], Failure]] = field(default_factory=list)
    _answers_to_lose: int = 0

    async def send(self, delivery: Delivery, links: Links) -> str:
        self.attempts.append(delivery.key)
        if self.yields:
            await asyncio.sleep(0)
        if self._next_failures:
            raise self._next_failures.pop(0)
        for matches, failure in self._rules:
            if matches(delivery):
                raise failure
        ref = f"{self.platform}-ref-{len(self.sent) + 1}"
        at = self.clock.now() if self.clock else None
        self.sent.append(Sent(copy.deepcopy(delivery), ref, at, links))
        if self._answers_to_lose:
            self._answers_to_lose -= 1
            raise OutcomeUnknown("answer lost")
        return ref

    async def find_sent(self, delivery: Delivery, links: Links, since: datetime) -> str | None:
        """As a platform's history would show: what went out for this key."""
        found = [s.ref for s in self.sent if s.delivery.key == delivery.key]
        return found[0] if found else None

    def lose_answers(self, n: int = 1) -> None:
        """Send the next `n` deliveries, but raise as if their answers never came back."""
        self._answers_to_lose += n

    def fail_next(self, *failures: Failure) -> None:
        """Raise these, one a send, before sending anything again."""
        self._next_failures.extend(failures)

    def fail_when(self, matches: Callable[[Delivery], bool], failure: Failure) -> None:
        """Raise `failure` for every delivery `matches` picks, from now on."""
        self._rules.append((matches, failure))

    def fail_for(self, recipient: str, failure: Failure) -> None:
        self.fail_when(lambda d: d.recipient == recipient, failure)

    def deliveries(self) -> list[Delivery]:
        return [s.delivery for s in self.sent]


def _conforms(sender: RecordingSender) -> Sender:
    """Never called: mypy checks here that the fake is the port."""
    return sender
