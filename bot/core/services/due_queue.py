"""Due deliveries, handed to the outbox's workers a recipient at a time."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Collection, Sequence

from bot.core.model import Delivery

Recipient = tuple[str, str]  # a platform, and the id of a person or channel on it
# Reads due deliveries, leaving out those with these ids (already read, not yet claimed).
Read = Callable[[Collection[int]], Awaitable[Sequence[Delivery]]]


class DueQueue:
    """Hands each worker a recipient and their due deliveries in the order they were
    queued, and reads more from the outbox whenever none is left to hand out.

    A recipient is with one worker at a time, so their messages keep their order (a
    confirmation arrives before the question that follows it); deliveries read for a
    recipient whose worker is still busy join that worker's list. Nothing waits for a
    batch to finish: a slow send (an answer that never comes, a channel's one-second
    spacing) holds up only its own recipient's messages, not a hundred others.
    """

    def __init__(self, read: Read) -> None:
        self._read = read
        self._waiting: dict[Recipient, deque[Delivery]] = {}
        self._busy: set[Recipient] = set()
        self._reading = asyncio.Lock()
        self._drained = False  # a read found nothing new: the workers finish what they have

    async def take(self) -> Recipient | None:
        """A recipient with deliveries to send, now the caller's; None when all is sent."""
        while (free := self._take_free()) is None:
            if self._drained:
                return None
            async with self._reading:
                if not self._drained and not self._any_free():
                    await self._read_more()
        return free

    def next_of(self, recipient: Recipient) -> Delivery | None:
        """The recipient's next delivery; None when there is none, and they are let go."""
        waiting = self._waiting.get(recipient)
        if waiting:
            return waiting.popleft()
        self._waiting.pop(recipient, None)
        self._busy.discard(recipient)
        return None

    def _any_free(self) -> bool:
        return any(r not in self._busy for r in self._waiting)

    def _take_free(self) -> Recipient | None:
        for recipient in self._waiting:
            if recipient not in self._busy:
                self._busy.add(recipient)
                return recipient
        return None

    async def _read_more(self) -> None:
        read = {d.id for waiting in self._waiting.values() for d in waiting if d.id is not None}
        due = await self._read(read)
        self._drained = not due
        for delivery in due:
            recipient = (delivery.platform, delivery.recipient)
            self._waiting.setdefault(recipient, deque()).append(delivery)
