"""The fake connector's log: every call, the problems found, and waiting for calls to arrive."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from tests.fakes.teams.calls import TeamsCall


class CallLog:
    """Calls and problems, with the helpers tests use to find and wait for them."""

    def __init__(self) -> None:
        self.calls: list[TeamsCall] = []
        self.problems: list[str] = []
        self._recorded = asyncio.Condition()

    def calls_to(self, operation: str, conversation_id: str | None = None) -> list[TeamsCall]:
        """Calls of one SDK operation (`send_to_conversation`, `reply_to_activity`, ...)."""
        return [
            call
            for call in self.calls
            if call.operation == operation
            and (conversation_id is None or call.conversation_id == conversation_id)
        ]

    @property
    def throttled(self) -> int:
        """How many requests were answered 429."""
        return sum(1 for call in self.calls if call.status == 429)

    async def wait_for(
        self,
        operation: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - reads well in tests
    ) -> list[TeamsCall]:
        """Wait until `count` calls of `operation` have arrived; returns them all."""
        await self.wait_until(lambda: len(self.calls_to(operation)) >= count, operation, timeout)
        return self.calls_to(operation)

    async def wait_until(
        self,
        done: Callable[[], bool],
        what: str = "the condition",
        timeout: float = 5.0,  # noqa: ASYNC109 - reads well in tests
    ) -> None:
        """Wait until `done()` holds, checking again after every call the fake records."""
        async with self._recorded:
            try:
                async with asyncio.timeout(timeout):
                    await self._recorded.wait_for(done)
            except TimeoutError:
                seen = [call.operation for call in self.calls]
                raise AssertionError(f"waited {timeout}s for {what}; calls: {seen}") from None

    def assert_no_problems(self) -> None:
        assert not self.problems, "Problems with what the bot sent to Teams:\n" + "\n".join(
            self.problems
        )

    async def record(self, call: TeamsCall) -> None:
        async with self._recorded:
            self.calls.append(call)
            self._recorded.notify_all()
