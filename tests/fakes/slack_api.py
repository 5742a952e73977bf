"""A fake Slack Web API on loopback: answers like Slack, records every call, checks Block Kit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from aiohttp import web

from tests.fakes import web_methods
from tests.fakes.block_check import check_call
from tests.fakes.calls import Call, Failure
from tests.fakes.loopback import LoopbackServer
from tests.fakes.rate_limits import RateLimits
from tests.fakes.web_requests import auth_error, bearer_token, read_args
from tests.fakes.workspace import FakeUser, FakeWorkspace

RESPONSE_URL_USES = 5  # Slack honours a response_url five times (within 30 minutes)


class FakeSlackAPI:
    """`async with FakeSlackAPI() as slack:` then `AsyncWebClient(token, base_url=slack.url)`.

    With `rate_limits` (or `slack.rate_limits = RateLimits(...)`), calls past Slack's
    limits get 429 `ratelimited` with `Retry-After`; without, nothing is limited.
    """

    def __init__(
        self, workspace: FakeWorkspace | None = None, rate_limits: RateLimits | None = None
    ) -> None:
        self.workspace = workspace or FakeWorkspace()
        self.rate_limits = rate_limits
        self.calls: list[Call] = []
        self.problems: list[str] = []
        self._failures: list[Failure] = []
        # Failures chosen per call (by a fault harness), after the programmed ones.
        self.chaos: Callable[[str], Failure | None] | None = None
        # Told of each message the bot posts, with its channel (see tests.fakes.arrivals).
        self.on_posted: Callable[[str, dict[str, Any]], None] | None = None
        self._response_tokens: dict[str, int] = {}
        self._recorded = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._web_api)
        app.router.add_post("/response/{token}", self._response_url)
        app.router.add_post("/upload/v1/{file_id}", self._upload)
        self._server = LoopbackServer(app)

    async def start(self) -> FakeSlackAPI:
        self.workspace.origin = await self._server.start()
        return self

    async def stop(self) -> None:
        await self._server.stop()

    async def __aenter__(self) -> FakeSlackAPI:
        return await self.start()

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """Base URL for `AsyncWebClient(base_url=...)`."""
        return f"{self.workspace.origin}/api/"

    def response_url(self, token: str) -> str:
        """A response_url the fake will accept, as Slack puts in commands and actions."""
        self._response_tokens.setdefault(token, 0)
        return f"{self.workspace.origin}/response/{token}"

    def add_user(self, id: str, name: str, **details: Any) -> FakeUser:
        """Register a person (see FakeWorkspace.add_user for tz, deleted, email...)."""
        return self.workspace.add_user(id, name, **details)

    def add_channel(
        self, id: str, name: str, members: Iterable[str] = (), *, private: bool = False
    ) -> None:
        """Register a channel; the bot is a member (see FakeWorkspace.add_channel)."""
        self.workspace.add_channel(id, name, members, private=private)

    def add_member(self, channel_id: str, user_id: str) -> None:
        self.workspace.add_member(channel_id, user_id)

    def fail_next(
        self,
        n: int = 1,
        *,
        status: int | None = None,
        retry_after: int | None = None,
        error: str | None = None,
        method: str | None = None,
        posted: bool = False,
        delay: float = 0.0,
    ) -> None:
        """Make the next `n` calls (to `method`, or any Web API method) fail.

        Default: HTTP 429 `ratelimited` with `Retry-After: 1`. With `error`: HTTP 200 and
        `{"ok": false, "error": error}`. With `status=500`: a server error. With `posted`,
        the call takes effect first (a message is posted) and only its answer fails; with
        `delay`, the answer comes that many seconds late (past a client's timeout).
        """
        chosen = status or (200 if error else 429)
        if chosen == 429 and retry_after is None:
            retry_after = 1
        code = error or {429: "ratelimited"}.get(chosen, "internal_error")
        self._failures.append(Failure(n, chosen, code, retry_after, method, posted, delay))

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - reads well in tests
    ) -> list[Call]:
        """Wait until `count` calls to `method` have arrived; returns them all."""
        async with self._recorded:
            try:
                async with asyncio.timeout(timeout):
                    await self._recorded.wait_for(lambda: len(self.calls_to(method)) >= count)
            except TimeoutError:
                seen = [call.method for call in self.calls]
                raise AssertionError(
                    f"waited {timeout}s for {count} {method} call(s); calls so far: {seen}"
                ) from None
        return self.calls_to(method)

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
                seen = [call.method for call in self.calls]
                raise AssertionError(f"waited {timeout}s for {what}; calls: {seen}") from None

    def assert_no_problems(self) -> None:
        assert not self.problems, "Block Kit problems:\n" + "\n".join(self.problems)

    async def _record(self, call: Call) -> None:
        async with self._recorded:
            self.calls.append(call)
            self._recorded.notify_all()

    def _take_failure(self, method: str) -> Failure | None:
        for failure in self._failures:
            if failure.remaining > 0 and failure.applies_to(method):
                failure.remaining -= 1
                return failure
        return None

    def _failure_for(self, method: str, args: dict[str, Any]) -> Failure | None:
        """A programmed failure, else a rate limit, else what chaos picks, else None."""
        failure = self._take_failure(method) or self._over_limit(method, args)
        if failure is None and self.chaos is not None:
            failure = self.chaos(method)
        return failure

    def _over_limit(self, method: str, args: dict[str, Any]) -> Failure | None:
        if self.rate_limits is None:
            return None
        channel = self.workspace.resolve_channel(args.get("channel")) or str(args.get("channel"))
        wait = self.rate_limits.retry_after(method, channel)
        return None if wait is None else Failure(1, 429, "ratelimited", wait, method)

    def _answer_failure(self, failure: Failure) -> tuple[int, dict[str, Any], dict[str, str]]:
        retry_after = failure.retry_after
        headers: dict[str, str] = (
            {"Retry-After": str(retry_after)} if retry_after is not None else {}
        )
        return failure.status, {"ok": False, "error": failure.error}, headers

    async def _web_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await read_args(request)
        self.problems += check_call(method, args)
        status, headers = 200, dict[str, str]()
        failure: Failure | None = None
        if (problem := auth_error(bearer_token(request, args))) is not None:
            body: dict[str, Any] = {"ok": False, "error": problem}
        elif (failure := self._failure_for(method, args)) is not None:
            if failure.posted:
                self._took_effect(method, web_methods.answer(self.workspace, method, args))
            status, body, headers = self._answer_failure(failure)
        else:
            body = web_methods.answer(self.workspace, method, args)
            self._took_effect(method, body)
        await self._record(Call(method, args, dict(request.headers), status, body))
        if failure is not None:
            await asyncio.sleep(failure.delay)
        return web.json_response(body, status=status, headers=headers)

    def _took_effect(self, method: str, answer: dict[str, Any]) -> None:
        if self.on_posted is not None and method == "chat.postMessage" and answer.get("ok"):
            self.on_posted(answer["channel"], answer["message"])

    async def _response_url(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        body = await request.json()
        args = body if isinstance(body, dict) else {"body": body}
        self.problems += check_call("response_url", args)
        status, headers = 200, dict[str, str]()
        answer: dict[str, Any] = {"ok": True}
        if token not in self._response_tokens:  # the fake's choice: Slack never issued it
            status, answer = 404, {"ok": False, "error": "invalid_response_url"}
        elif (failure := self._take_failure("response_url")) is not None:
            status, answer, headers = self._answer_failure(failure)
        else:
            self._response_tokens[token] += 1
            if self._response_tokens[token] > RESPONSE_URL_USES:
                self.problems.append(f"response_url: {token} used over {RESPONSE_URL_USES} times")
        await self._record(Call("response_url", args, dict(request.headers), status, answer, token))
        return web.json_response(answer, status=status, headers=headers)

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        content = await request.read()
        upload = self.workspace.uploads.get(file_id)
        status, text = (200, f"OK - {len(content)}") if upload else (404, "file not found")
        if upload is not None:
            upload["content"] = content
            if upload["length"] != len(content):
                sent, announced = len(content), upload["length"]
                self.problems.append(f"file_upload: {file_id} got {sent} bytes, not {announced}")
        args = {"file_id": file_id, "size": len(content)}
        await self._record(Call("file_upload", args, dict(request.headers), status, text, file_id))
        return web.Response(status=status, text=text)
